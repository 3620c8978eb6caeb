package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.RunState;
import org.colo4j.testkit.FakeColoNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One guard agent per node, each controlling only its local fake QEMU (its pair cannot reach the
 * peer's QMP), coordinating through one shared {@link InProcessArbiter}.
 */
class AgentGuardTest {

    private final FakePair fakes = new FakePair();
    private final InProcessArbiter arbiter = new InProcessArbiter();
    private final Events primaryEvents = new Events();
    private final Events secondaryEvents = new Events();
    private final List<AutoCloseable> open = new ArrayList<>();
    private ColoGuard primaryGuard;
    private ColoGuard secondaryGuard;

    @BeforeEach
    void startColo() {
        try (ColoPair controller = fakes.started()) {
            assertThat(controller.status().isReplicating()).isTrue();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        arbiter.close();
        fakes.close();
    }

    /** The agent of {@code role}: a pair whose peer endpoint leads nowhere, so only the local node answers. */
    private ColoGuard agent(Role role, GuardOptions options, Events events) {
        QmpEndpoint nowhere = QmpEndpoint.unix(Path.of("/nonexistent/colo4j/" + role.other() + ".qmp"));
        ColoPairSpec spec = role == Role.PRIMARY ? FakePair.spec(fakes.primary.endpoint(), nowhere)
                : FakePair.spec(nowhere, fakes.secondary.endpoint());
        ColoPair pair = ColoPair.connect(spec);
        open.add(pair);
        assertThat(pair.isReachable(role.other())).isFalse();
        ColoGuard guard = ColoGuard.builder(pair).controlling(role).arbiter(arbiter).options(options).onEvent(events)
                .build().start();
        open.add(guard);
        return guard;
    }

    private void agents(GuardOptions options) {
        primaryGuard = agent(Role.PRIMARY, options, primaryEvents);
        secondaryGuard = agent(Role.SECONDARY, options, secondaryEvents);
        assertThat(arbiter.members()).containsExactly("primary", "secondary");
    }

    @Test
    void twoAgentsRacingForTheSameEpochLeaveExactlyOneNodeRunning() {
        agents(FakePair.quick().secondaryGrace(Duration.ZERO).build());
        fakes.secondary.peerLost();   // the link between the nodes breaks; both still answer their agents
        fakes.primary.peerLost();

        awaitHalted();
        FakeColoNode[] nodes = {fakes.primary, fakes.secondary};
        List<FakeColoNode> alive = java.util.Arrays.stream(nodes).filter(FakeColoNode::isAlive).toList();
        assertThat(alive).as("exactly one node survives").hasSize(1);
        FakeColoNode survivor = alive.get(0);
        awaitAlone(survivor);
        assertThat(arbiter.epoch()).isEqualTo(new Epoch(1, survivor.name()));
        int won = primaryEvents.of(GuardEvent.EpochWon.class).size() + secondaryEvents.of(GuardEvent.EpochWon.class).size();
        assertThat(won).as("exactly one claim won").isEqualTo(1);
        Events loser = survivor == fakes.primary ? secondaryEvents : primaryEvents;
        assertThat(loser.await(GuardEvent.Halted.class).why()).contains("epoch 1");
        assertThat(loser.of(GuardEvent.Fenced.class)).singleElement()
                .satisfies(f -> assertThat(f.node()).isNotEqualTo(survivor.name()));
    }

    @Test
    void whenThePrimaryDiesItsAgentResignsAndTheSecondaryTakesOver() {
        agents(FakePair.quick().build());
        fakes.primary.kill();

        GuardEvent.FailedOver done = secondaryEvents.await(GuardEvent.FailedOver.class);
        assertThat(done.survivor()).isEqualTo(Role.SECONDARY);
        assertThat(primaryEvents.acted().rule()).startsWith("A1");
        assertThat(secondaryEvents.await(GuardEvent.Decided.class, d -> d.decision().action() == Decision.Action.FAIL_OVER)
                .decision().rule()).startsWith("A2").contains("peer's guard is gone");
        awaitAlone(fakes.secondary);
        assertThat(arbiter.epoch()).isEqualTo(new Epoch(1, "secondary"));
    }

    @Test
    void anAgentWhoseSessionExpiresFencesItselfAndThePeerTakesOver() {
        agents(FakePair.quick().build());
        arbiter.expire("primary");

        assertThat(primaryEvents.acted().rule()).startsWith("F1");
        assertThat(primaryEvents.await(GuardEvent.Fenced.class).role()).isEqualTo(Role.PRIMARY);
        secondaryEvents.await(GuardEvent.FailedOver.class);
        assertThat(fakes.primary.isAlive()).as("the primary fenced itself").isFalse();
        awaitAlone(fakes.secondary);
        assertThat(secondaryEvents.of(GuardEvent.SignalSeen.class)).extracting(s -> s.signal().kind())
                .contains(Signal.Kind.PEER_SESSION_ENDED);
    }

    @Test
    void aPeerWhoseGuardLeavesWhileColoReplicatesIsNoReasonToFailOver() {
        agents(FakePair.quick().build());
        primaryGuard.close();

        Decision d = secondaryEvents.await(GuardEvent.Decided.class).decision();
        assertThat(d.action()).isEqualTo(Decision.Action.NONE);
        assertThat(d.rule()).startsWith("A3");
        assertThat(fakes.secondary.coloStatus().mode()).isEqualTo(ColoMode.SECONDARY);
        assertThat(fakes.primary.coloStatus().mode()).isEqualTo(ColoMode.PRIMARY);
        assertThat(secondaryGuard.state()).isEqualTo(ColoGuard.State.WATCHING);
    }

    @Test
    void whenTheSecondarysGuardLeavesThePrimaryCheckpointsAtOnceToFindOut() {
        agents(FakePair.quick().build());
        long before = setParameters();
        secondaryGuard.close();

        Decision d = primaryEvents.await(GuardEvent.Decided.class).decision();
        assertThat(d.action()).isEqualTo(Decision.Action.NONE);
        assertThat(d.rule()).startsWith("A3").contains("checkpoints at once");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (setParameters() == before && System.nanoTime() < deadline) {
            Events.sleep(5);
        }
        assertThat(setParameters()).as("one migrate-set-parameters (x-checkpoint-delay) more on the primary").isEqualTo(before + 1);
        assertThat(fakes.primary.checkpointDelayMillis()).as("the spec's delay, unchanged").isEqualTo(2000);
        assertThat(primaryGuard.state()).isEqualTo(ColoGuard.State.WATCHING);
    }

    private long setParameters() {
        return fakes.primary.server().receivedNames().stream().filter("migrate-set-parameters"::equals).count();
    }

    private void awaitHalted() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (primaryGuard.state() != ColoGuard.State.HALTED && secondaryGuard.state() != ColoGuard.State.HALTED
                && System.nanoTime() < deadline) {
            Events.sleep(5);
        }
        assertThat(List.of(primaryGuard.state(), secondaryGuard.state())).as("primary: %s%nsecondary: %s",
                primaryEvents.describe(), secondaryEvents.describe()).contains(ColoGuard.State.HALTED);
    }

    private static void awaitAlone(FakeColoNode node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(node.coloStatus().mode() == ColoMode.NONE && node.status().status() == RunState.RUNNING)
                && System.nanoTime() < deadline) {
            Events.sleep(5);
        }
        assertThat(node.coloStatus().mode()).isEqualTo(ColoMode.NONE);
        assertThat(node.status().status()).isEqualTo(RunState.RUNNING);
    }
}
