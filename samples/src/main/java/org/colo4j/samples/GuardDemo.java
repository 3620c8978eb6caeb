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
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.QemuCommandLine;
import org.colo4j.QemuIo;
import org.colo4j.QemuLauncher;
import org.colo4j.Role;
import org.colo4j.ha.ColoGuard;
import org.colo4j.ha.GuardEvent;

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

    /** The demo's pair ({@link Demo#livePair}) without the rtl8139's iPXE option ROM, its images made in {@code dir}. */
    private static ColoPairSpec images(Path dir) throws Exception {
        return Demo.livePair(dir).machine(QemuCommandLine.builder().memoryMiB(128).extra("-global", "rtl8139.romfile=").build())
                .build();
    }

}
