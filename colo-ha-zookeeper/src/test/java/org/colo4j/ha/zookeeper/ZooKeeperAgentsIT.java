package org.colo4j.ha.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.NodeStatus;
import org.colo4j.QemuIo;
import org.colo4j.Role;
import org.colo4j.ha.ColoGuard;
import org.colo4j.ha.Epoch;
import org.colo4j.ha.GuardEvent;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One guard agent per node of a real COLO pair on loopback, each reaching only its own QEMU's QMP and
 * holding its own session on a real ZooKeeper server (TestingServer): kill -9 a node, its agent
 * resigns, the other agent wins the epoch and fails over onto its node. Prints the time from the kill
 * to the survivor running alone.
 */
class ZooKeeperAgentsIT {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void whenEitherNodeIsKilledTheOtherNodesAgentTakesOver() throws Exception {
        LivePair.requireKvm();
        List<String> results = new ArrayList<>();
        for (Role victim : Role.values()) {
            results.add(killAndRecover(Files.createDirectories(dir.resolve(victim.toString())), victim, 0x40 + victim.ordinal()));
        }
        results.forEach(System.out::println);
    }

    private String killAndRecover(Path run, Role victim, int pattern) throws Exception {
        Role survivor = victim.other();
        try (TestingServer zk = Zk.start(); LivePair live = LivePair.create(run).start()) {
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", pattern, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            live.pair.close();   // from here on, only the agents talk to the QEMUs, each to its own

            List<AutoCloseable> open = new ArrayList<>();
            List<GuardEvent> survivorEvents = new CopyOnWriteArrayList<>();
            List<GuardEvent> victimEvents = new CopyOnWriteArrayList<>();
            try {
                ColoGuard[] guards = new ColoGuard[2];
                for (Role role : Role.values()) {
                    ZooKeeperArbiter arbiter = Zk.arbiter(zk, "live");
                    open.add(arbiter);
                    ColoPair local = ColoPair.connect(Zk.localOnly(live.spec, role));
                    open.add(local);
                    List<GuardEvent> events = role == victim ? victimEvents : survivorEvents;
                    guards[role.ordinal()] = ColoGuard.builder(local).controlling(role).arbiter(arbiter)
                            .onEvent(events::add).build().start();
                    open.add(guards[role.ordinal()]);
                }
                LivePair.sleep(2000);
                assertThat(survivorEvents).as("no decision while COLO runs").noneMatch(e -> e instanceof GuardEvent.Decided);
                assertThat(victimEvents).noneMatch(e -> e instanceof GuardEvent.Decided);

                Instant killed = Instant.now();
                live.launcher(victim).kill();
                GuardEvent.FailedOver done = await(survivorEvents);
                Duration recovery = Duration.between(killed, done.at());

                ColoGuard winner = guards[survivor.ordinal()];
                assertThat(done.survivor()).isEqualTo(survivor);
                assertThat(winner.epoch()).isEqualTo(new Epoch(1, live.spec.node(survivor).name()));
                assertThat(guards[victim.ordinal()].state()).isEqualTo(ColoGuard.State.HALTED);
                NodeStatus s = winner.pair().nodeStatus(survivor);
                assertThat(s.isRunningAlone()).as("%s", s).isTrue();
                assertThat(live.launcher(victim).isAlive()).isFalse();
                QemuIo io = QemuIo.of(winner.pair().qmp(survivor), live.launcher(survivor).log());
                assertThat(io.verify("colo-disk0", pattern, 0, MIB)).as("the pattern survived").isTrue();
                assertThat(io.verify("colo-disk0", pattern ^ 0xff, 0, MIB)).as("the check can fail").isFalse();
                assertThat(recovery).isLessThan(Duration.ofSeconds(10));
                return String.format("ZooKeeperAgentsIT: kill -9 %s -> %s's agent running it alone in %d ms (first signal"
                        + " -> alone %d ms, failover %d ms)", victim, survivor, recovery.toMillis(), done.sinceSignal().toMillis(),
                        done.report().total().toMillis());
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
        }
    }

    private static GuardEvent.FailedOver await(List<GuardEvent> events) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (GuardEvent e : events) {
                if (e instanceof GuardEvent.FailedOver f) {
                    return f;
                }
            }
            LivePair.sleep(5);
        }
        throw new AssertionError("the surviving agent did not fail over within 15 s: " + events);
    }
}
