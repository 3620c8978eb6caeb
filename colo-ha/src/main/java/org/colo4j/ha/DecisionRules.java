package org.colo4j.ha;

import java.util.List;
import java.util.Set;
import org.colo4j.Role;

/**
 * The decision table of {@link ColoGuard}: which node carries on, from how each node was found.
 * Pure: the same findings give the same decision. The rules are documented on {@link ColoGuard}.
 */
final class DecisionRules {

    private DecisionRules() {
    }

    /**
     * Decides for a guard that controls {@code controlled}.
     *
     * @param primary how the primary was found ({@link NodeHealth.State#UNKNOWN} if not controlled)
     * @param secondary how the secondary was found (likewise)
     * @param peerPresent agents: whether the peer's guard is in the arbitration
     * @param graceOver agents: whether the secondary's grace has passed
     */
    static Decision decide(NodeHealth primary, NodeHealth secondary, Set<Role> controlled, boolean peerPresent,
                           boolean graceOver) {
        List<NodeHealth> health = List.of(primary, secondary);
        if (controlled.size() == 2) {
            return both(primary, secondary, health);
        }
        Role local = controlled.iterator().next();
        return agent(local == Role.PRIMARY ? primary : secondary, peerPresent, graceOver, health);
    }

    private static Decision both(NodeHealth p, NodeHealth s, List<NodeHealth> health) {
        if (p.state() == NodeHealth.State.ALONE || s.state() == NodeHealth.State.ALONE) {
            return none("R0 a node already runs alone: the failover has happened", health);
        }
        if (p.canCarryOn() && s.canCarryOn()) {
            if (p.state() == NodeHealth.State.REPLICATING && s.state() == NodeHealth.State.REPLICATING) {
                return none("R5 both nodes answer and replicate: no failure", health);
            }
            return new Decision(Decision.Action.FAIL_OVER, Role.PRIMARY, List.of(Role.SECONDARY),
                    "R3 both nodes answer but COLO broke between them: the primary carries on (it holds the newest"
                            + " state and its output was the one released), the secondary is fenced", health);
        }
        if (s.canCarryOn()) {
            return new Decision(Decision.Action.FAIL_OVER, Role.SECONDARY, List.of(Role.PRIMARY),
                    "R1 the primary is down (" + p.state() + "), the secondary can carry on", health);
        }
        if (p.canCarryOn()) {
            return new Decision(Decision.Action.FAIL_OVER, Role.PRIMARY, List.of(Role.SECONDARY),
                    "R2 the secondary is down (" + s.state() + "), the primary can carry on", health);
        }
        return none("R4 neither node can carry on (primary " + p.state() + ", secondary " + s.state()
                + "): nothing to fail over to", health);
    }

    private static Decision agent(NodeHealth local, boolean peerPresent, boolean graceOver, List<NodeHealth> health) {
        Role role = local.role();
        Role peer = role.other();
        if (local.state() == NodeHealth.State.ALONE) {
            return none("A4 the local " + role + " already runs alone", health);
        }
        if (local.isDown()) {
            return new Decision(Decision.Action.RESIGN, null, List.of(role), "A1 the local " + role + " is down ("
                    + local.state() + "): leave the arbitration so the peer takes over at once", health);
        }
        if (local.state() == NodeHealth.State.REPLICATING) {
            return none(peerPresent ? "A3 the local " + role + " replicates and the peer's guard is present: no failure"
                    : "A3 the peer's guard left but COLO still replicates, so the peer's QEMU is alive so far: no failover"
                    + " until COLO breaks" + (role == Role.PRIMARY ? " (the primary checkpoints at once to find out)" : ""),
                    health);
        }
        // COLO broke on the local node.
        if (!peerPresent) {
            return new Decision(Decision.Action.FAIL_OVER, role, List.of(peer), "A2 COLO broke on the local " + role
                    + " and the peer's guard is gone: take over", health);
        }
        if (role == Role.PRIMARY) {
            return new Decision(Decision.Action.FAIL_OVER, role, List.of(peer), "A2 COLO broke on the local primary:"
                    + " claim at once (the primary holds the newest state; the arbiter decides if the secondary claims too)",
                    health);
        }
        if (!graceOver) {
            return new Decision(Decision.Action.WAIT, null, List.of(), "A2 COLO broke on the local secondary while the"
                    + " primary's guard is present: leave the primary its grace to claim first", health);
        }
        return new Decision(Decision.Action.FAIL_OVER, role, List.of(peer), "A2 COLO broke on the local secondary and"
                + " the primary did not claim within its grace: claim (the arbiter decides)", health);
    }

    private static Decision none(String rule, List<NodeHealth> health) {
        return new Decision(Decision.Action.NONE, null, List.of(), rule, health);
    }
}
