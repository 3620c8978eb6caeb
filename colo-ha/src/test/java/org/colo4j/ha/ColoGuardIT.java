package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.NodeStatus;
import org.colo4j.Role;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.command.ColoMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guard around a real COLO pair on loopback (QEMU with KVM): kill -9 one node, and the guard fails
 * over by itself; the survivor runs alone, the other is not running, and a pattern written before
 * the last checkpoint reads back on the survivor. Prints the time from the kill to the survivor
 * running alone.
 */
class ColoGuardIT {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void whenThePrimaryIsKilledTheGuardFailsOverOntoTheSecondary() throws Exception {
        killAndRecover(Role.PRIMARY, 0xab);
    }

    @Test
    void whenTheSecondaryIsKilledTheGuardFailsOverOntoThePrimary() throws Exception {
        killAndRecover(Role.SECONDARY, 0xcd);
    }

    private void killAndRecover(Role victim, int pattern) throws Exception {
        LivePair.requireKvm();
        Role survivor = victim.other();
        Events events = new Events();
        try (LivePair live = LivePair.create(dir).start()) {
            live.io(Role.PRIMARY).write("colo-disk0", pattern, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            List<String> secondaryEvents = new CopyOnWriteArrayList<>();
            try (QmpSubscription sub = live.pair.qmp(Role.SECONDARY).onAnyEvent(e -> secondaryEvents.add(e.name()));
                 ColoGuard guard = ColoGuard.builder(live.pair).onEvent(events).build().start()) {
                // A few seconds of steady COLO first: no false alarm (a stall would need 4 delays without RESUME).
                Events.sleep(3000);
                assertThat(events.of(GuardEvent.Decided.class)).as("no decision while COLO runs: %s", events.describe()).isEmpty();
                assertThat(live.pair.status().isReplicating()).isTrue();
                System.out.printf("ColoGuardIT: events on the secondary during 3 s of COLO: %s%n", secondaryEvents);

                Instant killed = Instant.now();
                live.launcher(victim).kill();
                GuardEvent.FailedOver done = events.await(GuardEvent.FailedOver.class);
                Duration recovery = Duration.between(killed, done.at());

                assertThat(done.survivor()).isEqualTo(survivor);
                NodeStatus s = live.pair.nodeStatus(survivor);
                assertThat(s.isRunningAlone()).as("%s", s).isTrue();
                assertThat(s.mode()).isEqualTo(ColoMode.NONE);
                assertThat(live.launcher(victim).isAlive()).as("the killed node stays down").isFalse();
                assertThat(live.pair.isReachable(victim)).isFalse();
                assertThat(live.io(survivor).verify("colo-disk0", pattern, 0, MIB)).as("the pattern survived").isTrue();
                assertThat(live.io(survivor).verify("colo-disk0", pattern ^ 0xff, 0, MIB)).as("the check can fail").isFalse();
                assertThat(guard.epoch()).isEqualTo(new Epoch(1, live.spec.node(survivor).name()));
                assertThat(events.acted().rule()).startsWith(victim == Role.PRIMARY ? "R1" : "R2");
                System.out.printf("ColoGuardIT: kill -9 %s -> %s running alone in %d ms (guard: first signal -> alone %d ms,"
                        + " failover %d ms)%n", victim, survivor, recovery.toMillis(), done.sinceSignal().toMillis(),
                        done.report().total().toMillis());
                assertThat(recovery).as("recovered by itself, bounded").isLessThan(Duration.ofSeconds(10));
            }
        }
    }
}
