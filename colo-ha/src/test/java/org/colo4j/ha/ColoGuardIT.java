package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.NodeStatus;
import org.colo4j.Role;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.command.ColoMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guard around a real COLO pair on loopback (QEMU with KVM): kill -9 (or freeze) one node, and the
 * guard fails over by itself; the survivor runs alone, the other is not running, and a pattern
 * written before the last checkpoint reads back on the survivor. Prints the time from the fault to
 * the survivor running alone. {@code -Dcolo4j.ha.runs=N} repeats each kill N times (default 2).
 */
class ColoGuardIT {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void whenEitherNodeIsKilledTheGuardFailsOverOntoTheOther() throws Exception {
        LivePair.requireKvm();
        int runs = Integer.getInteger("colo4j.ha.runs", 2);
        Map<Role, List<Long>> times = new EnumMap<>(Role.class);
        for (int i = 0; i < runs; i++) {
            for (Role victim : Role.values()) {
                Path run = Files.createDirectories(dir.resolve("run" + i + "-" + victim));
                times.computeIfAbsent(victim, r -> new ArrayList<>()).add(killAndRecover(run, victim, 0x10 + i * 2 + victim.ordinal()));
            }
        }
        times.forEach((victim, ms) -> System.out.printf("ColoGuardIT: kill -9 %s, %d runs: kill -> %s running alone in %s ms%n",
                victim, ms.size(), victim.other(), ms));
    }

    /** Kills {@code victim} once the guard watches a pair in COLO; returns the ms from the kill to the survivor alone. */
    private long killAndRecover(Path run, Role victim, int pattern) throws Exception {
        Role survivor = victim.other();
        Events events = new Events();
        try (LivePair live = LivePair.create(run).start()) {
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", pattern, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            try (ColoGuard guard = ColoGuard.builder(live.pair).onEvent(events).build().start()) {
                steadyColo(live, events);

                Instant killed = Instant.now();
                live.launcher(victim).kill();
                GuardEvent.FailedOver done = events.await(GuardEvent.FailedOver.class);
                Duration recovery = Duration.between(killed, done.at());

                assertThat(done.survivor()).isEqualTo(survivor);
                assertAlone(live, survivor);
                assertThat(live.launcher(victim).isAlive()).as("the killed node stays down").isFalse();
                assertThat(live.pair.isReachable(victim)).isFalse();
                assertPattern(live, survivor, pattern);
                assertThat(guard.epoch()).isEqualTo(new Epoch(1, live.spec.node(survivor).name()));
                assertThat(events.acted().rule()).startsWith(victim == Role.PRIMARY ? "R1" : "R2");
                System.out.printf("ColoGuardIT: kill -9 %s -> %s running alone in %d ms (guard: first signal -> alone %d ms,"
                        + " failover %d ms)%n", victim, survivor, recovery.toMillis(), done.sinceSignal().toMillis(),
                        done.report().total().toMillis());
                assertThat(recovery).as("recovered by itself, bounded").isLessThan(Duration.ofSeconds(10));
                return recovery.toMillis();
            }
        }
    }

    @Test
    void whenTheSecondaryFreezesTheGuardDetectsItAndThePrimaryCarriesOn() throws Exception {
        LivePair.requireKvm();
        Events events = new Events();
        try (LivePair live = LivePair.create(dir).start()) {
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x6b, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            try (ColoGuard guard = ColoGuard.builder(live.pair).onEvent(events).build().start()) {
                steadyColo(live, events);
                Instant frozen = Instant.now();
                signal("STOP", live.secondary.pid());
                try {
                    GuardEvent.FailedOver done = events.await(GuardEvent.FailedOver.class);
                    Duration recovery = Duration.between(frozen, done.at());
                    assertThat(done.survivor()).isEqualTo(Role.PRIMARY);
                    assertAlone(live, Role.PRIMARY);
                    assertPattern(live, Role.PRIMARY, 0x6b);
                    Decision d = events.acted();
                    assertThat(d.rule()).startsWith("R2");
                    assertThat(d.health().get(1).state()).isEqualTo(NodeHealth.State.UNRESPONSIVE);
                    System.out.printf("ColoGuardIT: SIGSTOP secondary -> primary running alone in %d ms (probe timeout %d ms,"
                            + " failover %d ms)%n", recovery.toMillis(), guard.options().probeTimeout().toMillis(),
                            done.report().total().toMillis());
                    assertThat(recovery).isLessThan(guard.options().probeTimeout().plus(Duration.ofSeconds(5)));
                } finally {
                    signal("CONT", live.secondary.pid());
                }
                assertThat(live.secondary.waitFor(Duration.ofSeconds(10)))
                        .as("thawed, the secondary runs the stop and quit the guard queued for it, and exits").isTrue();
            }
        }
    }

    /** A few seconds of steady COLO: the guard does nothing (a stall would need 4 delays without RESUME). */
    private static void steadyColo(LivePair live, Events events) {
        List<String> secondaryEvents = new CopyOnWriteArrayList<>();
        try (QmpSubscription sub = live.pair.qmp(Role.SECONDARY).onAnyEvent(e -> secondaryEvents.add(e.name()))) {
            Events.sleep(2500);
        }
        // On a loaded host a checkpoint can hold a probe past its timeout: the guard may look, but it
        // must find both nodes replicating and do nothing.
        assertThat(events.of(GuardEvent.Decided.class)).as("no action while COLO runs: %s", events.describe())
                .allSatisfy(d -> assertThat(d.decision().action()).isEqualTo(Decision.Action.NONE));
        assertThat(events.of(GuardEvent.FailedOver.class)).as("no failover while COLO runs: %s", events.describe()).isEmpty();
        assertThat(events.of(GuardEvent.Fenced.class)).as("no fence while COLO runs: %s", events.describe()).isEmpty();
        assertThat(live.pair.status().isReplicating()).isTrue();
        assertThat(secondaryEvents).as("the secondary checkpoints too (STOP/RESUME), so a stall shows on it").contains("RESUME");
    }

    private static void assertAlone(LivePair live, Role survivor) {
        NodeStatus s = live.pair.nodeStatus(survivor);
        assertThat(s.isRunningAlone()).as("%s", s).isTrue();
        assertThat(s.mode()).isEqualTo(ColoMode.NONE);
    }

    private static void assertPattern(LivePair live, Role survivor, int pattern) {
        assertThat(live.io(survivor).verify("colo-disk0", pattern, 0, MIB)).as("the pattern survived").isTrue();
        assertThat(live.io(survivor).verify("colo-disk0", pattern ^ 0xff, 0, MIB)).as("the check can fail").isFalse();
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }
}
