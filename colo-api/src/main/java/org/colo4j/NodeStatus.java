package org.colo4j;

import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.RunState;

/**
 * One node as its QEMU reports it: run state ({@code query-status}), COLO mode, last mode and exit
 * reason ({@code query-colo-status}) and migration status ({@code query-migrate}).
 *
 * @param name the node's name
 * @param reachable false when its QMP connection is gone (the other fields are then null)
 * @param runState e.g. {@code running}, {@code inmigrate}, {@code prelaunch}
 * @param mode COLO mode now: {@code primary}, {@code secondary} or {@code none}
 * @param lastMode the COLO mode before the last exit
 * @param reason why COLO last exited: {@code request} (a failover), {@code error}, or {@code none}
 * @param migration the migration status; {@code colo} while replicating; null if none ran
 */
public record NodeStatus(String name, boolean reachable, RunState runState, ColoMode mode, ColoMode lastMode,
                         ColoExitReason reason, MigrationStatus migration) {

    /** A node whose QMP connection is gone. */
    static NodeStatus unreachable(String name) {
        return new NodeStatus(name, false, null, null, null, null, null);
    }

    /** Whether the node is in COLO mode {@code mode}. */
    public boolean isInColo(ColoMode mode) {
        return reachable && this.mode == mode && !isFailed();
    }

    /**
     * Whether the node's guest has failed for good: run state {@code internal-error} (for example a KVM
     * emulation failure) or {@code guest-panicked}. Such a node is not running, whatever its COLO mode.
     */
    public boolean isFailed() {
        return reachable && NodeFailureWatch.isFailed(runState);
    }

    /** Whether the node runs on its own: reachable, COLO mode none, guest running. */
    public boolean isRunningAlone() {
        return reachable && mode == ColoMode.NONE && runState == RunState.RUNNING;
    }

    @Override
    public String toString() {
        if (!reachable) {
            return name + ": unreachable";
        }
        return name + ": " + wire(runState) + (isFailed() ? " (FAILED)" : "") + ", COLO " + wire(mode) + " (last " + wire(lastMode) + ", reason "
                + wire(reason) + "), migration " + (migration == null ? "none" : wire(migration));
    }

    private static String wire(Enum<?> e) {
        return e == null ? "?" : e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
