package org.colo4j.cli;

import java.util.Locale;
import org.colo4j.NodeStatus;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.RunState;

/**
 * One word for a node's state, what {@code status --state} prints and the OCF agent maps to its
 * return codes.
 */
enum NodeState {
    /** In COLO as the primary: the guest's outputs are the ones the world sees. */
    COLO_PRIMARY,
    /** In COLO as the secondary. */
    COLO_SECONDARY,
    /** Runs the guest on its own (after a failover, or never paired but running). */
    ALONE,
    /** Started and waiting to be paired: {@code prelaunch} (the primary's {@code -S}) or {@code inmigrate}. */
    WAITING,
    /** Reachable, not in COLO and not running otherwise (e.g. paused after COLO left it so). */
    STOPPED,
    /** The guest failed for good ({@code internal-error}, {@code guest-panicked}). */
    FAILED,
    /** Its QMP endpoint does not answer. */
    UNREACHABLE;

    static NodeState of(NodeStatus s) {
        if (!s.reachable()) {
            return UNREACHABLE;
        }
        if (s.isFailed()) {
            return FAILED;
        }
        if (s.isInColo(ColoMode.PRIMARY)) {
            return COLO_PRIMARY;
        }
        if (s.isInColo(ColoMode.SECONDARY)) {
            return COLO_SECONDARY;
        }
        if (s.isRunningAlone()) {
            return ALONE;
        }
        if (s.runState() == RunState.PRELAUNCH || s.runState() == RunState.INMIGRATE) {
            return WAITING;
        }
        return STOPPED;
    }

    /** As printed: {@code colo-primary}, {@code alone}, ... */
    String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
