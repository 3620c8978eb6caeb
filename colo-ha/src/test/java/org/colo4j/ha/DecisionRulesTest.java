package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.colo4j.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision table, rule by rule: which node carries on for every combination of findings. */
class DecisionRulesTest {

    private static final Set<Role> BOTH = EnumSet.allOf(Role.class);

    private static NodeHealth h(Role role, NodeHealth.State state) {
        return new NodeHealth(role, role.toString(), state, null, null, "test", Duration.ZERO);
    }

    @ParameterizedTest(name = "primary {0}, secondary {1} -> {2} {3} ({4})")
    @CsvSource({
            "REPLICATING, REPLICATING, NONE,      ,          R5",
            "GONE,        REPLICATING, FAIL_OVER, SECONDARY, R1",
            "UNRESPONSIVE,COLO_BROKEN, FAIL_OVER, SECONDARY, R1",
            "FAILED,      REPLICATING, FAIL_OVER, SECONDARY, R1",
            "REPLICATING, GONE,        FAIL_OVER, PRIMARY,   R2",
            "COLO_BROKEN, UNRESPONSIVE,FAIL_OVER, PRIMARY,   R2",
            "COLO_BROKEN, COLO_BROKEN, FAIL_OVER, PRIMARY,   R3",
            "REPLICATING, COLO_BROKEN, FAIL_OVER, PRIMARY,   R3",
            "COLO_BROKEN, REPLICATING, FAIL_OVER, PRIMARY,   R3",
            "GONE,        FAILED,      NONE,      ,          R4",
            "UNRESPONSIVE,GONE,        NONE,      ,          R4",
            "ALONE,       GONE,        NONE,      ,          R0",
            "GONE,        ALONE,       NONE,      ,          R0",
    })
    void oneController(NodeHealth.State p, NodeHealth.State s, Decision.Action action, Role survivor, String rule) {
        Decision d = DecisionRules.decide(h(Role.PRIMARY, p), h(Role.SECONDARY, s), BOTH, true, false);
        assertThat(d.action()).isEqualTo(action);
        assertThat(d.survivor()).isEqualTo(survivor);
        assertThat(d.rule()).startsWith(rule);
        if (action == Decision.Action.FAIL_OVER) {
            assertThat(d.fence()).as("the other node is fenced").containsExactly(survivor.other());
        }
    }

    @ParameterizedTest(name = "local {0} {1}, peer present {2}, grace over {3} -> {4} ({5})")
    @CsvSource({
            "PRIMARY,   REPLICATING,  true,  false, NONE,      A3",
            "PRIMARY,   REPLICATING,  false, false, NONE,      A3",
            "PRIMARY,   COLO_BROKEN,  true,  false, FAIL_OVER, A2",
            "PRIMARY,   COLO_BROKEN,  false, false, FAIL_OVER, A2",
            "SECONDARY, COLO_BROKEN,  true,  false, WAIT,      A2",
            "SECONDARY, COLO_BROKEN,  true,  true,  FAIL_OVER, A2",
            "SECONDARY, COLO_BROKEN,  false, false, FAIL_OVER, A2",
            "SECONDARY, GONE,         true,  false, RESIGN,    A1",
            "PRIMARY,   UNRESPONSIVE, true,  false, RESIGN,    A1",
            "PRIMARY,   FAILED,       false, false, RESIGN,    A1",
            "SECONDARY, ALONE,        false, false, NONE,      A4",
    })
    void agent(Role local, NodeHealth.State state, boolean peerPresent, boolean graceOver, Decision.Action action,
               String rule) {
        NodeHealth mine = h(local, state);
        NodeHealth peer = h(local.other(), NodeHealth.State.UNKNOWN);
        Decision d = local == Role.PRIMARY ? DecisionRules.decide(mine, peer, EnumSet.of(local), peerPresent, graceOver)
                : DecisionRules.decide(peer, mine, EnumSet.of(local), peerPresent, graceOver);
        assertThat(d.action()).isEqualTo(action);
        assertThat(d.rule()).startsWith(rule);
        if (action == Decision.Action.FAIL_OVER) {
            assertThat(d.survivor()).as("an agent only ever fails over onto its own node").isEqualTo(local);
            assertThat(d.fence()).containsExactly(local.other());
        }
        if (action == Decision.Action.RESIGN) {
            assertThat(d.fence()).containsExactly(local);
        }
    }

    @Test
    void bothRulesNeverLeaveTwoSurvivors() {
        for (NodeHealth.State p : NodeHealth.State.values()) {
            for (NodeHealth.State s : NodeHealth.State.values()) {
                Decision d = DecisionRules.decide(h(Role.PRIMARY, p), h(Role.SECONDARY, s), BOTH, true, false);
                if (d.action() == Decision.Action.FAIL_OVER) {
                    assertThat(d.fence()).as("%s/%s", p, s).containsExactly(d.survivor().other());
                    assertThat(h(d.survivor(), d.survivor() == Role.PRIMARY ? p : s).canCarryOn()).isTrue();
                }
            }
        }
    }
}
