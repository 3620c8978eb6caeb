package org.colo4j.ha;

import java.util.Objects;

/**
 * A replacement secondary announced for failback: a fresh QEMU started with the next spec's
 * secondary argv, ready to receive the survivor's disks and memory.
 *
 * @param node the replacement's node name
 * @param payload whatever the survivor's {@link FailbackPlanner} needs to build the next spec (for
 *     example the path of a pair file, or the new host's address); may be empty
 */
public record Replacement(String node, String payload) {

    public Replacement {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(payload, "payload");
        if (node.isBlank()) {
            throw new IllegalArgumentException("a replacement needs the new secondary's node name");
        }
    }
}
