package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.command.Quit;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link CounterGuest} on real QEMU with KVM: it boots and counts on a plain QEMU, keeps a COLO
 * pair in COLO while it writes, and keeps counting on the survivor of either failover, which also holds
 * what was written before the last checkpoint.
 */
class CounterGuestIT {

    private static final int MIB = 1 << 20;
    private static final long PATTERN_AT = 8L * MIB;
    private static final EnumSet<RunState> FAILED = EnumSet.of(RunState.INTERNAL_ERROR, RunState.GUEST_PANICKED,
            RunState.SHUTDOWN);

    @TempDir
    Path dir;

    @Test
    void aPlainQemuBootsTheGuestAndItsCounterAdvances() throws Exception {
        LivePair.requireKvm();
        QemuImg img = QemuImg.onPath();
        Path image = dir.resolve("guest.qcow2");
        CounterGuest.writeBootImage(image, ImageFormat.QCOW2, LivePair.DISK_SIZE, img);
        QmpEndpoint qmpAt = QmpEndpoint.unix(dir.resolve("plain.qmp"));
        List<String> argv = List.of("qemu-system-x86_64", "-accel", "kvm", "-m", "128", "-nodefaults", "-display", "none",
                "-netdev", "user,id=n0", "-device", "rtl8139,netdev=n0",
                "-drive", "if=ide,id=disk0,format=qcow2,file=" + image,
                "-qmp", "unix:" + dir.resolve("plain.qmp") + ",server=on,wait=off");
        long last;
        try (QemuLauncher qemu = QemuLauncher.start(argv, qmpAt, dir.resolve("plain.log"));
             QmpClient qmp = qemu.connect(QmpOptions.defaults())) {
            CounterGuest.Reading first = awaitAbove(qmp, qemu.log(), 0, LivePair.GUEST_BOOT_TIMEOUT);
            LivePair.sleep(1000);
            CounterGuest.Reading second = CounterGuest.read(qmp, qemu.log(), "disk0").orElseThrow();
            assertThat(second.counter()).as("a second later").isGreaterThan(first.counter());
            assertThat(second.failedWrites()).isZero();
            qmp.execute(new Quit());
            assertThat(qemu.waitFor(Duration.ofSeconds(10))).as("QEMU quits").isTrue();
            last = second.counter();
        }
        assertThat(CounterGuest.read(image, img)).as("the image read offline after QEMU quit")
                .hasValueSatisfying(r -> assertThat(r.counter()).isGreaterThanOrEqualTo(last));
    }

    @Test
    void aPairStaysInColoForAMinuteWhileTheGuestWrites() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.start();
            Watch watch = watchColo(live, Duration.ofSeconds(60), true);
            System.out.printf("COLO for %d s: %s%n", watch.seconds, watch);
            assertThat(watch.failure).as("after %d s in COLO", watch.seconds).isNull();
            assertThat(watch.checkpoints()).as("checkpoints (primary STOP then RESUME) in a minute at 500 ms")
                    .isGreaterThanOrEqualTo(10);
            assertThat(watch.counters).as("the primary's counter, every 10 s").hasSize(7)
                    .isSorted().doesNotHaveDuplicates();
            assertThat(live.counter(Role.PRIMARY).failedWrites()).isZero();
        }
    }

    @Test
    void theSecondaryCarriesOnCountingAfterThePrimaryDies() throws Exception {
        survivorCarriesOn(Role.SECONDARY);
    }

    @Test
    void thePrimaryCarriesOnCountingAfterTheSecondaryDies() throws Exception {
        survivorCarriesOn(Role.PRIMARY);
    }

    /**
     * Not part of the suite: how long a counter-guest pair stays in COLO on this host, then how long the
     * secondary runs alone after the primary is killed. Run with
     * {@code -Dit.test=CounterGuestIT#soak -Dcolo4j.soakSeconds=120}; {@code -Dcolo4j.soakGuest=blank}
     * runs the same with blank disks, for comparison.
     */
    @Test
    @EnabledIfSystemProperty(named = "colo4j.soakSeconds", matches = "\\d+")
    void soak() throws Exception {
        LivePair.requireKvm();
        int seconds = Integer.getInteger("colo4j.soakSeconds");
        boolean blank = "blank".equals(System.getProperty("colo4j.soakGuest"));
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b)) {
            if (blank) {
                ColoDisk disk = live.spec.disks().get(0);
                QemuImg.onPath().create(disk.primaryImage().path(), ImageFormat.QCOW2, LivePair.DISK_SIZE, true);
                QemuImg.onPath().create(disk.secondaryImage().path(), ImageFormat.QCOW2, LivePair.DISK_SIZE, true);
            }
            live.launch();
            if (blank) {
                live.pair.start();
            } else {
                live.start();
            }
            Watch colo = watchColo(live, Duration.ofSeconds(seconds), !blank);
            System.out.printf("soak (%s guest): COLO %s after %d s; %s; final %s%n",
                    blank ? "blank" : "counter", colo.failure == null ? "held" : "FAILED (" + colo.failure + ")",
                    colo.seconds, colo, live.pair.status().toString().replace('\n', ';'));
            assertThat(colo.failure).isNull();
            live.primary.kill();
            live.pair.failover().onSecondary();
            long t0 = System.nanoTime();
            String failure = null;
            List<Long> counters = new ArrayList<>();
            for (int s = 1; s <= seconds && failure == null; s++) {
                LivePair.sleep(1000);
                NodeStatus st = live.pair.nodeStatus(Role.SECONDARY);
                if (!st.isRunningAlone()) {
                    failure = st.toString();
                } else if (s % 10 == 0 && !blank) {
                    counters.add(live.counter(Role.SECONDARY).counter());
                }
            }
            System.out.printf("soak (%s guest): survivor %s after %d s; counters %s%n", blank ? "blank" : "counter",
                    failure == null ? "held" : "FAILED (" + failure + ")", (System.nanoTime() - t0) / 1_000_000_000L, counters);
            assertThat(failure).isNull();
        }
    }

    /**
     * Starts COLO with the guest writing, writes a pattern at 8 MiB on the primary, waits for a
     * checkpoint after it, kills the other node with SIGKILL and fails over on {@code survivor}; then the
     * survivor runs alone with the counter advancing every second for 10 s, from where the checkpoint
     * left it, and holds the pattern.
     */
    private void survivorCarriesOn(Role survivor) throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.start();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0xab, PATTERN_AT, MIB);
            long beforeCheckpoint = live.counter(Role.PRIMARY).counter();
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));

            live.launcher(survivor.other()).kill();
            FailoverReport report = survivor == Role.SECONDARY ? live.pair.failover().onSecondary()
                    : live.pair.failover().onPrimary();
            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();

            long previous = live.awaitCounterAbove(survivor, beforeCheckpoint - 1, Duration.ofSeconds(10)).counter();
            for (int s = 1; s <= 10; s++) {
                LivePair.sleep(1000);
                NodeStatus status = live.pair.nodeStatus(survivor);
                assertThat(status.isRunningAlone()).as("%d s after the failover: %s", s, status).isTrue();
                CounterGuest.Reading now = live.counter(survivor);
                assertThat(now.counter()).as("%d s after the failover", s).isGreaterThan(previous);
                assertThat(now.failedWrites()).isZero();
                previous = now.counter();
            }
            assertThat(live.io(survivor).verify("colo-disk0", 0xab, PATTERN_AT, MIB)).as("the pattern survived").isTrue();
            assertThat(live.io(survivor).verify("colo-disk0", 0xcd, PATTERN_AT, MIB)).as("the check can fail").isFalse();
        }
    }

    /** What {@link #watchColo} saw. */
    private static final class Watch {
        String failure;
        int seconds;
        int runningSamples;
        final List<Long> counters = new ArrayList<>();
        /** Each checkpoint's pause on the primary (STOP to RESUME), in ms. */
        final List<Long> pausesMillis = new java.util.concurrent.CopyOnWriteArrayList<>();

        int checkpoints() {
            return pausesMillis.size();
        }

        @Override
        public String toString() {
            List<Long> sorted = pausesMillis.stream().sorted().toList();
            String pauses = sorted.isEmpty() ? "none" : "p50 " + sorted.get(sorted.size() / 2) + " ms, max "
                    + sorted.get(sorted.size() - 1) + " ms";
            return runningSamples + " of " + seconds + " samples saw the primary running (the others mid-checkpoint); "
                    + checkpoints() + " checkpoints, pauses " + pauses + "; counters " + counters;
        }
    }

    /**
     * Checks the pair every second for {@code duration}: both nodes in COLO, the primary running (or
     * in a checkpoint's short stop), neither failed; reads the primary's counter now and every 10 s
     * when {@code counting}.
     * Stops at the first failure.
     */
    private static Watch watchColo(LivePair live, Duration duration, boolean counting) {
        Watch watch = new Watch();
        AtomicReference<Instant> stoppedAt = new AtomicReference<>();
        try (QmpSubscription sub = live.pair.qmp(Role.PRIMARY).onAnyEvent(e -> {
            // QEMU's own timestamps: when the VM stopped and resumed, not when the events arrived.
            if (e.name().equals("STOP")) {
                stoppedAt.set(e.timestamp());
            } else if (e.name().equals("RESUME") && stoppedAt.get() != null) {
                watch.pausesMillis.add(Duration.between(stoppedAt.getAndSet(null), e.timestamp()).toMillis());
            }
        })) {
            if (counting) {
                watch.counters.add(live.counter(Role.PRIMARY).counter());
            }
            long start = System.nanoTime();
            for (int s = 1; s <= duration.toSeconds(); s++) {
                long next = start + s * 1_000_000_000L;
                LivePair.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                ColoStatus status = live.pair.status();
                RunState p = status.primary().runState();
                RunState q = status.secondary().runState();
                watch.seconds = s;
                if (!status.isReplicating() || FAILED.contains(p) || FAILED.contains(q)
                        || !(p == RunState.RUNNING || p == RunState.COLO)) {
                    watch.failure = status.toString().replace('\n', ';');
                    break;
                }
                if (p == RunState.RUNNING) {
                    watch.runningSamples++;
                }
                if (counting && s % 10 == 0) {
                    watch.counters.add(live.counter(Role.PRIMARY).counter());
                }
            }
        }
        return watch;
    }

    private static CounterGuest.Reading awaitAbove(QmpClient qmp, Path log, long above, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var reading = CounterGuest.read(qmp, log, "disk0");
            if (reading.isPresent() && reading.get().counter() > above) {
                return reading.get();
            }
            assertThat(System.nanoTime()).as("the guest wrote its counter within %s; last %s", timeout, reading)
                    .isLessThan(deadline);
            LivePair.sleep(100);
        }
    }
}
