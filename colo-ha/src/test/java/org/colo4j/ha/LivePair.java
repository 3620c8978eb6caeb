package org.colo4j.ha;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.LoopbackPorts;
import org.colo4j.QemuCommandLine;
import org.colo4j.QemuIo;
import org.colo4j.QemuLauncher;
import org.colo4j.Role;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.QemuOnPath;
import org.junit.jupiter.api.Assumptions;

/**
 * A real COLO pair on loopback for the live guard tests (the minimum of colo-api's test helper of the
 * same name, whose test classes are not shared): one 64 MiB disk, one rtl8139 NIC without its option
 * ROM (iPXE crashes a blank-disk guest under this host's KVM), checkpoints every 500 ms, the primary
 * on 127.0.0.1 and the secondary on 127.0.0.2. {@link #close()} stops both QEMUs by pid.
 */
final class LivePair implements AutoCloseable {

    static final long DISK_SIZE = 64L << 20;

    final Path dir;
    final ColoPairSpec spec;
    QemuLauncher primary;
    QemuLauncher secondary;
    ColoPair pair;

    private LivePair(Path dir, ColoPairSpec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    /** Skips with the reason (or fails under -Dcolo4j.requireQemu=true) without QEMU, qemu-img or a usable /dev/kvm. */
    static void requireKvm() {
        QemuOnPath.requireQemu();
        File kvm = new File("/dev/kvm");
        boolean usable = kvm.exists() && kvm.canRead() && kvm.canWrite();
        if (!usable && Boolean.getBoolean(QemuOnPath.REQUIRE_PROPERTY)) {
            fail("/dev/kvm is not usable and -D" + QemuOnPath.REQUIRE_PROPERTY + "=true: COLO checkpoints need KVM");
        }
        Assumptions.assumeTrue(usable, "/dev/kvm is not usable: COLO checkpoints need KVM (QEMU 7.2 deadlocks at the"
                + " first checkpoint under TCG), so this live guard test cannot run here");
    }

    static LivePair create(Path dir) throws IOException {
        QemuImg img = QemuImg.onPath();
        Path primaryImage = dir.resolve("primary.qcow2");
        img.create(primaryImage, ImageFormat.QCOW2, DISK_SIZE, false);
        Path parent = dir.resolve("secondary-parent.qcow2");
        Files.copy(primaryImage, parent);
        Path active = dir.resolve("secondary-active.qcow2");
        Path hidden = dir.resolve("secondary-hidden.qcow2");
        img.create(active, ImageFormat.QCOW2, DISK_SIZE, false);
        img.create(hidden, ImageFormat.QCOW2, DISK_SIZE, false);
        ColoPairSpec spec = ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .machine(QemuCommandLine.builder().accel("kvm").memoryMiB(128).extra("-global", "rtl8139.romfile=").build())
                .portPlan(PortPlan.of(LoopbackPorts.freeRange(10), 10))
                .checkpointDelay(Duration.ofMillis(500))
                .disk(ColoDisk.builder().primaryImage(primaryImage).secondaryImage(parent).activeImage(active).hiddenImage(hidden).build())
                .nic(ColoNic.builder().netdev("hn0").model(NicModel.RTL8139).build())
                .build();
        return new LivePair(dir, spec);
    }

    /** Starts the primary, then the secondary, connects the pair and starts COLO. */
    LivePair start() {
        primary = QemuLauncher.start(spec.primaryArgv(), spec.primary().qmp(), dir.resolve("primary.log"));
        secondary = QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log"));
        pair = ColoPair.connect(spec);
        pair.start();
        return this;
    }

    QemuLauncher launcher(Role role) {
        return role == Role.PRIMARY ? primary : secondary;
    }

    QemuIo io(Role role) {
        return QemuIo.of(pair.qmp(role), launcher(role).log());
    }

    /** Waits until the primary completes a checkpoint (a STOP then a RESUME) that starts after this call. */
    static void awaitCheckpoint(QmpClient primary, Duration timeout) {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (QmpSubscription sub = primary.onAnyEvent(e -> seen.add(e.name()))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                int stop = seen.indexOf("STOP");
                if (stop >= 0 && seen.subList(stop, seen.size()).contains("RESUME")) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint (STOP then RESUME) on the primary within " + timeout + "; events: " + seen);
                }
                Events.sleep(10);
            }
        }
    }

    @Override
    public void close() {
        if (pair != null) {
            pair.close();
        }
        if (primary != null) {
            primary.close();
        }
        if (secondary != null) {
            secondary.close();
        }
    }
}
