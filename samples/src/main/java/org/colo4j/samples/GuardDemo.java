package org.colo4j.samples;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
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
import org.colo4j.ha.ColoGuard;
import org.colo4j.ha.GuardEvent;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QmpEndpoint;

/**
 * Automatic HA around the demo's pair: a {@link ColoGuard} (one controller, its own
 * {@code InProcessArbiter}) watches a real COLO pair on loopback; the demo kills one node with SIGKILL
 * ({@code primary}, the default, or {@code secondary} as the argument) and does nothing else: the
 * guard sees the connection close, decides, wins the next epoch, fails over onto the other node by
 * itself and reports every step as a {@link GuardEvent}, printed here as it comes. Then the pattern
 * written before the last checkpoint is read back on the survivor. Needs qemu-system-x86_64,
 * qemu-img and /dev/kvm; it never leaves a process behind.
 *
 * <pre>
 *   mvn -q -Pguard-demo -DskipTests verify                         # kill the primary
 *   mvn -q -Pguard-demo -DskipTests verify -Dguard-demo.kill=secondary
 * </pre>
 */
public final class GuardDemo {

    private static final long SIZE = 64L << 20;
    private static final int MIB = 1 << 20;

    private GuardDemo() {}

    public static void main(String[] args) throws Exception {
        Role victim = args.length > 0 && args[0].equalsIgnoreCase("secondary") ? Role.SECONDARY : Role.PRIMARY;
        if (!Demo.onPath("qemu-system-x86_64") || !Demo.onPath("qemu-img") || !new File("/dev/kvm").canWrite()) {
            System.out.println("The guard demo needs qemu-system-x86_64, qemu-img and a usable /dev/kvm (COLO checkpoints"
                    + " need KVM): sudo apt-get install -y qemu-system-x86 qemu-utils");
            return;
        }
        Path dir = Files.createTempDirectory("colo4j-guard-demo-");
        List<QemuLauncher> launchers = new ArrayList<>();
        Thread cleanup = new Thread(() -> launchers.forEach(QemuLauncher::close));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            ColoPairSpec spec = images(dir);
            QemuLauncher primary = QemuLauncher.start(spec.primaryArgv(), spec.primary().qmp(), dir.resolve("primary.log"));
            launchers.add(primary);
            QemuLauncher secondary = QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log"));
            launchers.add(secondary);
            QemuLauncher[] nodes = {primary, secondary};

            try (ColoPair pair = ColoPair.connect(spec)) {
                pair.start();
                System.out.println("COLO runs: primary pid " + primary.pid() + ", secondary pid " + secondary.pid());
                QemuIo.of(pair.qmp(Role.PRIMARY), primary.log()).writeBetweenCheckpoints("colo-disk0", 0xab, 0, MIB);
                Demo.awaitCheckpoint(pair);
                System.out.println("wrote 1 MiB of 0xab on the primary; a checkpoint copied it to the secondary\n");

                CountDownLatch done = new CountDownLatch(1);
                AtomicReference<GuardEvent.FailedOver> failedOver = new AtomicReference<>();
                long[] killedAt = {0};
                try (ColoGuard guard = ColoGuard.builder(pair).onEvent(e -> {
                    long ms = killedAt[0] == 0 ? 0 : (System.nanoTime() - killedAt[0]) / 1_000_000;
                    System.out.printf("  guard %s: %s%n", killedAt[0] == 0 ? "      " : String.format("+%4d ms", ms), e);
                    if (e instanceof GuardEvent.FailedOver f) {
                        failedOver.set(f);
                        done.countDown();
                    } else if (e instanceof GuardEvent.Halted) {
                        done.countDown();
                    }
                }).build().start()) {
                    Thread.sleep(1000);
                    Instant killed = Instant.now();
                    killedAt[0] = System.nanoTime();
                    nodes[victim.ordinal()].kill();
                    System.out.println("\nkilled the " + victim + " (SIGKILL, pid " + nodes[victim.ordinal()].pid()
                            + "); the guard is on its own now:");
                    if (!done.await(20, TimeUnit.SECONDS) || failedOver.get() == null) {
                        System.out.println("the guard did not fail over within 20 s; its state: " + guard.state());
                        System.exit(1);
                    }
                    GuardEvent.FailedOver f = failedOver.get();
                    Role survivor = f.survivor();
                    System.out.printf("%nthe %s runs alone %d ms after the kill (epoch %s; the failover's QMP sequence took"
                            + " %d ms)%n", survivor, Duration.between(killed, f.at()).toMillis(), guard.epoch(),
                            f.report().total().toMillis());
                    boolean intact = QemuIo.of(pair.qmp(survivor), nodes[survivor.ordinal()].log())
                            .verify("colo-disk0", 0xab, 0, MIB);
                    System.out.println("read back on the survivor: " + (intact ? "1 MiB of 0xab, intact" : "PATTERN MISMATCH"));
                    if (!intact) {
                        System.exit(1);
                    }
                }
            }
        } finally {
            launchers.forEach(QemuLauncher::close);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            System.out.println("stopped every QEMU this demo started; removed " + dir);
        }
    }

    /** The demo's pair on loopback (primary 127.0.0.1, secondary 127.0.0.2, a 64 MiB disk), its images made in {@code dir}. */
    private static ColoPairSpec images(Path dir) throws Exception {
        QemuImg img = QemuImg.onPath();
        img.create(dir.resolve("primary.qcow2"), ImageFormat.QCOW2, SIZE, false);
        Files.copy(dir.resolve("primary.qcow2"), dir.resolve("secondary-parent.qcow2"));
        img.create(dir.resolve("secondary-active.qcow2"), ImageFormat.QCOW2, SIZE, false);
        img.create(dir.resolve("secondary-hidden.qcow2"), ImageFormat.QCOW2, SIZE, false);
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1")
                        .qmp(QmpEndpoint.unix(dir.resolve("primary.qmp"))).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2")
                        .qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(dir.resolve("primary.qcow2"))
                        .secondaryImage(dir.resolve("secondary-parent.qcow2")).activeImage(dir.resolve("secondary-active.qcow2"))
                        .hiddenImage(dir.resolve("secondary-hidden.qcow2")).virtualSize(SIZE).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .machine(QemuCommandLine.builder().memoryMiB(128).extra("-global", "rtl8139.romfile=").build())
                .portPlan(PortPlan.of(LoopbackPorts.freeRange(5), 10))
                .checkpointDelay(Duration.ofMillis(500))
                .build();
    }

}
