package org.colo4j.netfilter;

import java.util.Objects;

/**
 * Where a net filter goes in its netdev's filter chain: QEMU's {@code insert}/{@code position}
 * properties (since QEMU 5.0). A node that was a secondary keeps its {@code filter-rewriter}; when it
 * becomes a primary, the primary's filters must be inserted before it
 * ({@code insert=before,position=id=rew0}).
 *
 * @param before whether the filter goes before ({@code insert=before}) or after the anchor
 * @param anchorId id of the filter on the same netdev to insert next to
 */
public record FilterPlacement(boolean before, String anchorId) {

    public FilterPlacement {
        Objects.requireNonNull(anchorId, "anchorId");
    }

    /** {@code insert=before,position=id=<anchorId>}. */
    public static FilterPlacement before(String anchorId) {
        return new FilterPlacement(true, anchorId);
    }

    /** {@code insert=behind,position=id=<anchorId>}. */
    public static FilterPlacement after(String anchorId) {
        return new FilterPlacement(false, anchorId);
    }

    /** QEMU's {@code insert} value: {@code before} or {@code behind}. */
    public String insert() {
        return before ? "before" : "behind";
    }

    /** QEMU's {@code position} value: {@code id=<anchorId>}. */
    public String position() {
        return "id=" + anchorId;
    }

    @Override
    public String toString() {
        return insert() + " " + anchorId;
    }
}
