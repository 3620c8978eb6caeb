package org.colo4j.ha;

import java.util.Objects;
import org.colo4j.Role;

/**
 * A node whose guest must no longer run.
 *
 * @param role the node's role
 * @param node its name (as in the pair spec)
 * @param epoch the epoch the guard asking for it is in (the one it just won, for a failover)
 * @param reason why, in words (the decision's rule)
 */
public record FenceRequest(Role role, String node, Epoch epoch, String reason) {

    public FenceRequest {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(reason, "reason");
    }
}
