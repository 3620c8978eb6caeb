package org.colo4j.samples;

import java.util.Set;
import org.colo4j.ColoStatus;
import org.colo4j.NodeStatus;
import org.colo4j.Role;
import org.colo4j.qmp.command.RunState;

/**
 * What {@link FailoverPolicy} decides from one look at the pair, and why.
 *
 * <h2>The rule</h2>
 * From {@code pair.status()} (which node answers, and what each reports: run state and COLO mode)
 * and the nodes that reported {@code COLO_EXIT} with reason {@code error} outside colo4j's own
 * operations, in this order:
 * <ol>
 *   <li>A node already runs alone (COLO mode {@code none}, guest running): someone failed over
 *       already. {@link Action#STAND_DOWN}: failing over the other node as well would run the
 *       guest twice.</li>
 *   <li>Neither node can carry on (unreachable, or its guest stopped for good: run state
 *       {@code internal-error}, {@code guest-panicked} or {@code shutdown}): {@link Action#NONE},
 *       there is nothing to fail over to.</li>
 *   <li>The primary cannot carry on: {@link Action#FAIL_OVER_ON_SECONDARY}.</li>
 *   <li>The secondary cannot carry on: {@link Action#FAIL_OVER_ON_PRIMARY}.</li>
 *   <li>Both can carry on, but replication broke (a node reported a COLO error, or one is no longer
 *       in its COLO mode): the link between them is lost. {@link Action#FAIL_OVER_ON_PRIMARY}:
 *       <b>the primary is kept</b>, because its outputs are the ones clients saw (colo-compare only
 *       ever releases the primary's packets) and its disk is the newest (the secondary has only the
 *       last checkpoint). The secondary is left as it is, in COLO mode {@code secondary} waiting
 *       for {@code x-colo-lost-heartbeat}: fence it before anything can fail it over.</li>
 *   <li>Otherwise the pair replicates: {@link Action#NONE}.</li>
 * </ol>
 * One event's fields never decide alone: {@code COLO_EXIT {secondary, error}} arrives on the
 * secondary both when the primary died (rule 3) and when only the link failed (rule 5).
 *
 * <p>The rule trusts what this process sees: a node whose QMP does not answer counts as dead. Where
 * a node could be alive behind a network that failed only for this process, fence it (or ask an
 * arbiter) before failing over onto the other one.
 *
 * @param action what to do
 * @param reason why, in words, with the status it was decided from
 */
record FailoverDecision(Action action, String reason) {

    /** What the policy does. */
    enum Action {
        /** Nothing: the pair replicates, is not replicating yet, or nothing can carry on. */
        NONE,
        /** {@code pair.failover().onSecondary()}: the secondary carries on alone. */
        FAIL_OVER_ON_SECONDARY,
        /** {@code pair.failover().onPrimary()}: the primary carries on alone. */
        FAIL_OVER_ON_PRIMARY,
        /** A failover already happened; the policy does nothing any more. */
        STAND_DOWN
    }

    /**
     * The rule above.
     *
     * @param status both nodes as {@code pair.status()} reports them
     * @param coloErrors the roles whose node reported {@code COLO_EXIT} with reason {@code error}
     * @return the decision
     */
    static FailoverDecision decide(ColoStatus status, Set<Role> coloErrors) {
        NodeStatus p = status.primary();
        NodeStatus s = status.secondary();
        for (Role role : Role.values()) {
            NodeStatus n = status.node(role);
            if (n.isRunningAlone()) {
                return new FailoverDecision(Action.STAND_DOWN, "the " + role + " already runs alone (" + n
                        + "): a failover happened, and failing over the " + role.other() + " too would run the guest twice");
            }
        }
        String why = "\n" + status + "\nCOLO errors reported by: " + (coloErrors.isEmpty() ? "none" : coloErrors);
        boolean primaryOk = canCarryOn(p);
        boolean secondaryOk = canCarryOn(s);
        if (!primaryOk && !secondaryOk) {
            return new FailoverDecision(Action.NONE, "neither node can carry on: nothing to fail over to" + why);
        }
        if (!primaryOk) {
            return new FailoverDecision(Action.FAIL_OVER_ON_SECONDARY, "the primary " + trouble(p)
                    + " and the secondary answers" + why);
        }
        if (!secondaryOk) {
            return new FailoverDecision(Action.FAIL_OVER_ON_PRIMARY, "the secondary " + trouble(s)
                    + " and the primary answers" + why);
        }
        if (!coloErrors.isEmpty() || !status.isReplicating()) {
            return new FailoverDecision(Action.FAIL_OVER_ON_PRIMARY, "both nodes answer but replication broke: the link"
                    + " between them is lost; the primary is kept (its outputs are what clients saw, its disk the"
                    + " newest), the secondary is left waiting and should be fenced" + why);
        }
        return new FailoverDecision(Action.NONE, "replicating" + why);
    }

    /** Reachable, and its guest can still run. */
    static boolean canCarryOn(NodeStatus n) {
        return n.reachable() && n.runState() != RunState.INTERNAL_ERROR && n.runState() != RunState.GUEST_PANICKED
                && n.runState() != RunState.SHUTDOWN;
    }

    private static String trouble(NodeStatus n) {
        return n.reachable() ? "reports run state " + n.runState().wireName() : "does not answer";
    }

    @Override
    public String toString() {
        return action + ": " + reason;
    }
}
