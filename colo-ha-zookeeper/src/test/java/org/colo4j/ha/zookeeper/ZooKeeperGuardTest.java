package org.colo4j.ha.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.ha.ColoGuard;
import org.colo4j.ha.Epoch;
import org.colo4j.ha.GuardEvent;
import org.colo4j.ha.GuardOptions;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.RunState;
import org.colo4j.Role;
import org.colo4j.testkit.FakeColoNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two guard agents, one per fake QEMU, each reaching only its own node's QMP and holding its own
 * ZooKeeper session on a real ZooKeeper server.
 */
class ZooKeeperGuardTest {

    private final FakeColoNode primary = FakeColoNode.builder(Role.PRIMARY).build();
    private final FakeColoNode secondary = FakeColoNode.builder(Role.SECONDARY).incoming("defer").build();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<GuardEvent> primaryEvents = new CopyOnWriteArrayList<>();
    private final List<GuardEvent> secondaryEvents = new CopyOnWriteArrayList<>();
    private TestingServer server;
    private ZooKeeperArbiter primaryArbiter;
    private ColoGuard primaryGuard;
    private ColoGuard secondaryGuard;

    @BeforeEach
    void start() throws Exception {
        server = Zk.start();
        FakeColoNode.pair(primary, secondary);
        try (ColoPair controller = ColoPair.connect(spec(primary.endpoint(), secondary.endpoint()))) {
            controller.start();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        Zk.close(server);
        primary.close();
        secondary.close();
    }

    private static ColoPairSpec spec(QmpEndpoint p, QmpEndpoint s) {
        Path pd = Path.of("/mnt/vms/colo-test-primary");   // where colo-testkit's fakes say their images are
        Path sd = Path.of("/mnt/vms/colo-test-secondary");
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(p).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(s).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(pd.resolve("primary.qcow2"))
                        .secondaryImage(sd.resolve("primary.qcow2")).activeImage(sd.resolve("secondary-active.qcow2"))
                        .hiddenImage(sd.resolve("secondary-hidden.qcow2")).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .checkpointDelay(Duration.ofSeconds(2))
                .qemuVersion(ColoPairSpec.TESTED_QEMU) // the fakes answer as 7.2.22; no QEMU is probed
                .build();
    }

    private ColoGuard agent(Role role, ZooKeeperArbiter arbiter, GuardOptions options, List<GuardEvent> events) {
        QmpEndpoint nowhere = QmpEndpoint.unix(Path.of("/nonexistent/colo4j/" + role.other() + ".qmp"));
        ColoPair pair = ColoPair.connect(role == Role.PRIMARY ? spec(primary.endpoint(), nowhere)
                : spec(nowhere, secondary.endpoint()));
        open.add(pair);
        ColoGuard guard = ColoGuard.builder(pair).controlling(role).arbiter(arbiter).options(options).onEvent(events::add)
                .build().start();
        open.add(guard);
        return guard;
    }

    private void agents(GuardOptions options) {
        primaryArbiter = Zk.arbiter(server, "vm1");
        ZooKeeperArbiter secondaryArbiter = Zk.arbiter(server, "vm1");
        open.add(primaryArbiter);
        open.add(secondaryArbiter);
        primaryGuard = agent(Role.PRIMARY, primaryArbiter, options, primaryEvents);
        secondaryGuard = agent(Role.SECONDARY, secondaryArbiter, options, secondaryEvents);
    }

    private static GuardOptions.Builder quick() {
        return GuardOptions.builder().probeInterval(Duration.ofMillis(20)).probeTimeout(Duration.ofMillis(300))
                .checkpointStallFactor(10_000);
    }

    @Test
    void whenTheZooKeeperSessionOfThePrimaryExpiresItFencesItselfAndTheSecondaryTakesOver() throws Exception {
        agents(quick().build());
        KillSession.kill(primaryArbiter.client().getZookeeperClient().getZooKeeper());

        Zk.await("the primary's agent halts", () -> primaryGuard.state() == ColoGuard.State.HALTED);
        assertThat(primaryEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(GuardEvent.Decided.class,
                d -> assertThat(d.decision().rule()).startsWith("F1")));
        assertThat(primaryEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(GuardEvent.Fenced.class,
                f -> assertThat(f.role()).isEqualTo(Role.PRIMARY)));
        Zk.await("the secondary's agent fails over", () -> secondaryGuard.state() == ColoGuard.State.ALONE);
        assertThat(primary.isAlive()).as("the primary fenced itself").isFalse();
        assertThat(secondary.coloStatus().mode()).isEqualTo(ColoMode.NONE);
        assertThat(secondary.status().status()).isEqualTo(RunState.RUNNING);
        assertThat(secondaryGuard.epoch()).isEqualTo(new Epoch(1, "secondary"));
    }

    @Test
    void whenZooKeeperIsGoneEveryAgentFencesItsNodeAndNoneRunsAlone() throws Exception {
        agents(quick().build());
        server.stop();

        Zk.await("both agents halt", () -> primaryGuard.state() == ColoGuard.State.HALTED
                && secondaryGuard.state() == ColoGuard.State.HALTED);
        assertThat(primary.isAlive()).isFalse();
        assertThat(secondary.isAlive()).isFalse();
        assertThat(primaryEvents).noneMatch(e -> e instanceof GuardEvent.FailedOver);
        assertThat(secondaryEvents).noneMatch(e -> e instanceof GuardEvent.FailedOver);
    }

    @Test
    void twoAgentsRacingThroughZooKeeperLeaveExactlyOneNodeRunning() {
        agents(quick().secondaryGrace(Duration.ZERO).build());
        secondary.peerLost();
        primary.peerLost();

        Zk.await("one agent halts", () -> primaryGuard.state() == ColoGuard.State.HALTED
                || secondaryGuard.state() == ColoGuard.State.HALTED);
        Zk.await("the other runs alone", () -> primaryGuard.state() == ColoGuard.State.ALONE
                || secondaryGuard.state() == ColoGuard.State.ALONE);
        assertThat(primary.isAlive() ^ secondary.isAlive()).as("exactly one node alive").isTrue();
        FakeColoNode survivor = primary.isAlive() ? primary : secondary;
        assertThat(survivor.coloStatus().mode()).isEqualTo(ColoMode.NONE);
        assertThat(survivor.status().status()).isEqualTo(RunState.RUNNING);
        long won = java.util.stream.Stream.concat(primaryEvents.stream(), secondaryEvents.stream())
                .filter(e -> e instanceof GuardEvent.EpochWon).count();
        assertThat(won).isEqualTo(1);
    }
}
