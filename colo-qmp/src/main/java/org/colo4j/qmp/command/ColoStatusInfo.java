package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The reply to {@link QueryColoStatus}: {@code {"mode": "secondary", "last-mode": "none", "reason": "none"}}.
 *
 * @param mode the node's current COLO role
 * @param lastMode the role it had before COLO last exited ({@code none} if it never did)
 * @param reason why COLO last exited ({@code none} if it never did)
 */
public record ColoStatusInfo(ColoMode mode, @JsonProperty("last-mode") ColoMode lastMode, ColoExitReason reason) {

    /** Whether this node is replicating, as primary or secondary. */
    public boolean inColo() {
        return mode == ColoMode.PRIMARY || mode == ColoMode.SECONDARY;
    }
}
