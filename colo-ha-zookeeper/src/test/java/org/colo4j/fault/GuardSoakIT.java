package org.colo4j.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.TestingServer;
import org.colo4j.ColoPair;
import org.colo4j.CounterGuestAccess;
import org.colo4j.NodeStatus;
import org.colo4j.Role;
import org.colo4j.ha.ColoGuard;
import org.colo4j.ha.GuardEvent;
import org.colo4j.ha.zookeeper.Zk;
import org.colo4j.ha.zookeeper.ZooKeeperArbiter;
import org.colo4j.qmp.QmpSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: a COLO pair in two namespaces with the counter guest writing and checkpoints every 200 ms,
 * one agent per node on a real ZooKeeper server reached through the namespaces (the shape with the
 * most timeouts that could misfire), and no fault, for {@code colo4j.ha.soakMinutes} (profile
 * {@code ha-soak}: 10). It must end with zero failovers and zero fences, both nodes still in COLO and
 * the guest's counter further on; it prints the checkpoints seen and every signal.
 */
class GuardSoakIT {

    @TempDir
    Path dir;

    @Test
    void aGuardedPairWithoutFaultsNeverFailsOver() throws Exception {
        FaultSupport.requireNamespacesAndKvm();
        Duration length = Duration.ofSeconds((long) (Double.parseDouble(System.getProperty("colo4j.ha.soakMinutes", "1")) * 60));
        Path image = dir.resolve("counter-guest.qcow2");
        CounterGuestAccess.writeBootImage(image, GuestImage.BLANK_SIZE);
        List<GuardEvent> events = new CopyOnWriteArrayList<>();
        AtomicLong checkpoints = new AtomicLong();
        try (TestingServer zk = Zk.start();
             FaultPair p = FaultPair.create(dir, GuestImage.bootable(image));
             ZooKeeperNet net = ZooKeeperNet.create(p.link(), zk.getPort(), dir)) {
            p.pair().start();
            long before = HaScenario.awaitCounter(p.pair().qmp(Role.PRIMARY), p.node(Role.PRIMARY).log());
            p.pair().close();
            List<AutoCloseable> open = new ArrayList<>();
            ColoGuard[] guards = new ColoGuard[2];
            try {
                for (Role role : Role.values()) {
                    ZooKeeperArbiter arbiter = Zk.arbiter(net.connectString(role), "soak");
                    open.add(arbiter);
                    ColoPair local = ColoPair.connect(Zk.localOnly(p.spec(), role));
                    open.add(local);
                    guards[role.ordinal()] = ColoGuard.builder(local).controlling(role).arbiter(arbiter)
                            .options(HaScenario.OPTIONS).onEvent(events::add).build().start();
                    open.add(guards[role.ordinal()]);
                }
                ColoPair primary = guards[0].pair();
                try (QmpSubscription sub = primary.qmp(Role.PRIMARY).onEvent("RESUME", e -> checkpoints.incrementAndGet())) {
                    FaultPair.sleep(length.toMillis());
                }
                Map<String, Integer> kinds = new TreeMap<>();
                events.forEach(e -> kinds.merge(e.getClass().getSimpleName(), 1, Integer::sum));
                List<GuardEvent> signals = events.stream().filter(e -> e instanceof GuardEvent.SignalSeen).toList();
                long failovers = events.stream().filter(e -> e instanceof GuardEvent.FailedOver).count();
                long fences = events.stream().filter(e -> e instanceof GuardEvent.Fenced || e instanceof GuardEvent.FenceFailed).count();
                OptionalLong after = CounterGuestAccess.counter(primary.qmp(Role.PRIMARY),
                        p.process(primary.spec().node(Role.PRIMARY)).log(), p.disk());
                System.out.printf("GuardSoakIT: %d s, agents on ZooKeeper, checkpoint delay %d ms: %d checkpoints (RESUME on the"
                                + " primary), guest counter %d -> %s, failovers %d, fences %d, signals %d, events by kind %s%n",
                        length.toSeconds(), FaultPair.CHECKPOINT_DELAY.toMillis(), checkpoints.get(), before, after, failovers, fences,
                        signals.size(), kinds);
                signals.forEach(s -> System.out.println("GuardSoakIT signal: " + s));
                assertThat(failovers).as("failovers without a fault: %s", events).isZero();
                assertThat(fences).as("fences without a fault: %s", events).isZero();
                assertThat(events).as("decisions other than 'no failure'").noneMatch(e -> e instanceof GuardEvent.Decided d
                        && d.decision().action() != org.colo4j.ha.Decision.Action.NONE);
                for (Role role : Role.values()) {
                    NodeStatus s = guards[role.ordinal()].pair().nodeStatus(role);
                    assertThat(s.isInColo(role == Role.PRIMARY ? org.colo4j.qmp.command.ColoMode.PRIMARY
                            : org.colo4j.qmp.command.ColoMode.SECONDARY)).as("%s still in COLO: %s", role, s).isTrue();
                    assertThat(guards[role.ordinal()].state()).isEqualTo(ColoGuard.State.WATCHING);
                }
                assertThat(checkpoints.get()).as("checkpoints ran").isGreaterThan(length.toSeconds());
                assertThat(after).as("the guest kept writing").isPresent();
                assertThat(after.getAsLong()).isGreaterThan(before);
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
        }
    }
}
