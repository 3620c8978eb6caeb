package org.colo4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QemuOnPath;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpSubscription;
import org.junit.jupiter.api.Assumptions;

/**
 * A COLO pair on loopback for live tests: images in a temporary directory, free ports, the primary on
 * 127.0.0.1 and the secondary on 127.0.0.2, both QEMUs started through {@link QemuLauncher} from the
 * spec's argv. {@link #close()} closes the pair and stops every QEMU it started, by pid; so does a
 * {@link #launch} that fails half-way.
 *
 * <p>The first disk holds the {@link CounterGuest}: once COLO runs, the guest keeps writing its counter
 * (at 32 MiB of colo-disk0, {@link #counter(Role)}), so every live test runs against a guest that
 * writes. Tests write their own patterns below 32 MiB.
 */
final class LivePair implements AutoCloseable {

    static final long DISK_SIZE = 64L << 20;
    /** How long the counter guest may take to boot and write once COLO runs (5-20 s measured on a loaded host). */
    static final Duration GUEST_BOOT_TIMEOUT = Duration.ofSeconds(60);

    final Path dir;
    final ColoPairSpec spec;
    final List<QemuLauncher> launchers = new ArrayList<>();
    QemuLauncher primary;
    QemuLauncher secondary;
    ColoPair pair;

    private LivePair(Path dir, ColoPairSpec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    /** Skips (or fails under -Dcolo4j.requireQemu=true) when QEMU or qemu-img is missing. */
    static void requireQemu() {
        QemuOnPath.requireQemu();
    }

    static boolean kvmUsable() {
        File kvm = new File("/dev/kvm");
        return kvm.exists() && kvm.canRead() && kvm.canWrite();
    }

    /**
     * Skips with the reason when /dev/kvm is not usable: QEMU 7.2 deadlocks at the first checkpoint under
     * TCG. Under -Dcolo4j.requireQemu=true that is a failure instead.
     */
    static void requireKvm() {
        requireQemu();
        if (kvmUsable()) {
            return;
        }
        String reason = "/dev/kvm is not usable: COLO checkpoints need KVM"
                + " (QEMU 7.2 deadlocks at the first checkpoint under TCG), so this checkpoint test cannot run here";
        if (Boolean.getBoolean(QemuOnPath.REQUIRE_PROPERTY)) {
            fail(reason + " (" + QemuOnPath.REQUIRE_PROPERTY + "=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(reason);
    }

    /** Images and spec for {@code disks} disks and {@code nics} NICs; {@code tweak} may change the spec builder. */
    static LivePair create(Path dir, int disks, int nics, UnaryOperator<ColoPairSpec.Builder> tweak) throws IOException {
        QemuImg img = QemuImg.onPath();
        ColoPairSpec.Builder b = ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .machine(QemuCommandLine.builder().accel(kvmUsable() ? "kvm" : "tcg").memoryMiB(128).build())
                .portPlan(PortPlan.of(LoopbackPorts.freeRange(10 * nics), 10))
                .checkpointDelay(Duration.ofMillis(500));
        for (int i = 0; i < disks; i++) {
            Path primaryImage = dir.resolve("primary" + i + ".qcow2");
            if (i == 0) {
                CounterGuest.writeBootImage(primaryImage, ImageFormat.QCOW2, DISK_SIZE, img);
            } else {
                img.create(primaryImage, ImageFormat.QCOW2, DISK_SIZE, false);
            }
            Path parent = dir.resolve("secondary-parent" + i + ".qcow2");
            Files.copy(primaryImage, parent);
            Path active = dir.resolve("secondary-active" + i + ".qcow2");
            Path hidden = dir.resolve("secondary-hidden" + i + ".qcow2");
            img.create(active, ImageFormat.QCOW2, DISK_SIZE, false);
            img.create(hidden, ImageFormat.QCOW2, DISK_SIZE, false);
            b.disk(ColoDisk.builder().primaryImage(primaryImage).secondaryImage(parent).activeImage(active).hiddenImage(hidden).build());
        }
        for (int i = 0; i < nics; i++) {
            b.nic(ColoNic.builder().netdev("hn" + i).model(i % 2 == 0 ? NicModel.RTL8139 : NicModel.E1000).build());
        }
        return new LivePair(dir, tweak.apply(b).build());
    }

    /** Starts the primary, then the secondary, from the spec's argv, and connects the pair. */
    LivePair launch() {
        return launch(spec.secondaryArgv(), spec.primaryArgv());
    }

    /**
     * Starts the given argvs and connects a pair for {@link #spec}. The primary goes first, so that its
     * proxy servers listen before the secondary's red0/red1 dial them (otherwise they connect only on
     * their next reconnect, a whole second later on QEMU before 9.2).
     */
    LivePair launch(List<String> secondaryArgv, List<String> primaryArgv) {
        try {
            primary = QemuLauncher.start(primaryArgv, spec.primary().qmp(), dir.resolve("primary.log"));
            launchers.add(primary);
            secondary = QemuLauncher.start(secondaryArgv, spec.secondary().qmp(), dir.resolve("secondary.log"));
            launchers.add(secondary);
            pair = ColoPair.connect(spec);
            return this;
        } catch (RuntimeException | Error e) {
            // try (LivePair live = create(...).launch()) never gets to close() when launch() throws.
            try {
                close();
            } catch (RuntimeException | Error suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * {@link ColoPair#start()}, then waits until the counter guest has booted and written on the primary.
     * SeaBIOS takes 5-20 s to boot here (this host's KVM is slow at its memory-map changes), so a test
     * that writes a pattern over the first sectors right after {@code pair.start()} overwrites the boot
     * sector before SeaBIOS reads it, and the guest never boots (SeaBIOS then falls back to the NIC's
     * iPXE ROM, the crash this guest exists to avoid).
     */
    StartReport start() {
        StartReport report = pair.start();
        awaitCounterAbove(Role.PRIMARY, 0, GUEST_BOOT_TIMEOUT);
        return report;
    }

    /** The QEMU launched in {@code role} (as the pair started, whatever failed over since). */
    QemuLauncher launcher(Role role) {
        return role == Role.PRIMARY ? primary : secondary;
    }

    QemuIo io(Role role) {
        return QemuIo.of(pair.qmp(role), launcher(role).log());
    }

    /**
     * What the counter guest last wrote to colo-disk0 on the node in {@code role}, read through that
     * QEMU's qemu-io; fails the test when the guest has not written yet.
     */
    CounterGuest.Reading counter(Role role) {
        return CounterGuest.read(pair.qmp(role), launcher(role).log(), "colo-disk0")
                .orElseGet(() -> fail("the counter guest has not written to colo-disk0 on the " + role + " yet; "
                        + pair.nodeStatus(role)));
    }

    /** Waits until the counter guest's counter on {@code role} is above {@code above}, and returns that reading. */
    CounterGuest.Reading awaitCounterAbove(Role role, long above, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<CounterGuest.Reading> last = Optional.empty();
        while (true) {
            last = CounterGuest.read(pair.qmp(role), launcher(role).log(), "colo-disk0");
            if (last.isPresent() && last.get().counter() > above) {
                return last.get();
            }
            if (System.nanoTime() > deadline) {
                return fail("the counter guest's counter on the " + role + " did not pass " + above + " within "
                        + timeout + "; last read " + last.map(Object::toString).orElse("nothing written") + "; "
                        + pair.nodeStatus(role));
            }
            sleep(100);
        }
    }

    /** Waits until the primary completes a checkpoint (a STOP then a RESUME) that starts after this call. */
    static void awaitCheckpoint(QmpClient primary, Duration timeout) {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (QmpSubscription sub = primary.onAnyEvent((QmpEvent e) -> seen.add(e.name()))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                int stop = seen.indexOf("STOP");
                if (stop >= 0 && seen.subList(stop, seen.size()).contains("RESUME")) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint (STOP then RESUME) on the primary within " + timeout + "; events: " + seen);
                }
                sleep(10);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Starts a fresh secondary with the old one's node and image paths after a failover onto the
     * primary: blank active and hidden disks, the secondary's argv, its QEMU log {@code log} in the
     * directory; closed with this helper. The secondary's parent image is left as it is (the resync
     * overwrites it).
     */
    QemuLauncher startReplacementSecondary(String log) throws IOException {
        QemuImg img = QemuImg.onPath();
        for (ColoDisk disk : spec.disks()) {
            img.create(disk.activeImage().path(), ImageFormat.QCOW2, DISK_SIZE, true);
            img.create(disk.hiddenImage().path(), ImageFormat.QCOW2, DISK_SIZE, true);
        }
        return startSecondaryAgain(log);
    }

    /** Starts the secondary's argv once more (its images as they are), its QEMU log {@code log}; closed with this helper. */
    QemuLauncher startSecondaryAgain(String log) throws IOException {
        if (spec.secondary().qmp() instanceof QmpEndpoint.Unix socket) {
            Files.deleteIfExists(socket.path());
        }
        QemuLauncher q = QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve(log));
        launchers.add(q);
        return q;
    }

    /** Closes the pair's QMP connections and stops every QEMU started through this helper, by pid. */
    @Override
    public void close() {
        try {
            if (pair != null) {
                pair.close();
            }
        } finally {
            launchers.forEach(QemuLauncher::close);
        }
    }
}
