package org.colo4j.ha;

import java.util.List;
import java.util.Objects;
import org.colo4j.Role;

/**
 * What a {@link ColoGuard} decided, and by which of its rules (see {@link ColoGuard} for the table).
 *
 * @param action what to do
 * @param survivor the role that carries on, for {@link Action#FAIL_OVER}; null otherwise
 * @param fence the roles to fence (their guests stopped) before anything else happens
 * @param rule the rule that applied, e.g. {@code "R1 primary down, secondary can carry on"}
 * @param health every node as found when deciding, primary first
 */
public record Decision(Action action, Role survivor, List<Role> fence, String rule, List<NodeHealth> health) {

    /** What a guard does. */
    public enum Action {
        /** Nothing: a false alarm, a node already alone, or nothing left that could carry on. */
        NONE,
        /** Win the next epoch, fence {@link Decision#fence()}, then fail over onto {@link Decision#survivor()}. */
        FAIL_OVER,
        /** Agents: the secondary leaves the primary {@link GuardOptions#secondaryGrace()} to claim first, then decides again. */
        WAIT,
        /** Agents: the local node is down; leave the arbitration so the peer takes over at once, and fence it if it still answers. */
        RESIGN,
        /** Fence the listed nodes: this guard lost its authority (session lost, newer epoch). */
        FENCE
    }

    public Decision {
        Objects.requireNonNull(action, "action");
        fence = List.copyOf(fence);
        Objects.requireNonNull(rule, "rule");
        health = List.copyOf(health);
        if (action == Action.FAIL_OVER) {
            Objects.requireNonNull(survivor, "survivor");
        }
    }

    @Override
    public String toString() {
        return action + (survivor == null ? "" : " onto the " + survivor) + (fence.isEmpty() ? "" : ", fence " + fence)
                + " [" + rule + "]";
    }
}
