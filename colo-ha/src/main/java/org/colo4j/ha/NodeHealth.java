package org.colo4j.ha;

import java.time.Duration;
import java.util.Objects;
import org.colo4j.Role;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.RunState;

/**
 * How one node was found when a guard decided: what it answered to {@code query-status} and
 * {@code query-colo-status} within {@link GuardOptions#probeTimeout()}, and what the guard had seen of
 * it before (a closed connection, a COLO error, a stall, disk errors).
 *
 * @param role the node's role
 * @param node its name
 * @param state the verdict
 * @param runState its run state; null unless it answered
 * @param mode its COLO mode; null unless it answered
 * @param detail why this verdict, in words
 * @param took how long the node took to answer (or the deadline it missed)
 */
public record NodeHealth(Role role, String node, State state, RunState runState, ColoMode mode, String detail,
                         Duration took) {

    /** The verdict on a node. */
    public enum State {
        /** Answers, in COLO in its role, nothing wrong seen. */
        REPLICATING,
        /** Answers, still in its COLO mode, but COLO broke (COLO_EXIT error, a stall, the peer's disk errors). */
        COLO_BROKEN,
        /** Answers, COLO mode none, guest running: it already runs alone. */
        ALONE,
        /** Answers, but its guest cannot go on (internal-error, guest-panicked, shutdown, failed disks) or it left COLO without running. */
        FAILED,
        /** Did not answer within the deadline: frozen, its main loop stuck, or cut off. */
        UNRESPONSIVE,
        /** Its QMP connection is closed or was never opened. */
        GONE,
        /** Not controlled by this guard (an agent's peer): known only through the arbiter. */
        UNKNOWN
    }

    public NodeHealth {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(took, "took");
    }

    /** Whether the node can carry the guest on alone: replicating, COLO broken, or already alone. */
    public boolean canCarryOn() {
        return state == State.REPLICATING || state == State.COLO_BROKEN || state == State.ALONE;
    }

    /** Whether the node is known to be down: failed, unresponsive or gone. */
    public boolean isDown() {
        return state == State.FAILED || state == State.UNRESPONSIVE || state == State.GONE;
    }

    @Override
    public String toString() {
        return role + " " + node + " " + state + " (" + detail + ", " + took.toMillis() + " ms)";
    }
}
