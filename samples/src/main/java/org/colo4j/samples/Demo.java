package org.colo4j.samples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.LoopbackPorts;
import org.colo4j.FailoverReport;
import org.colo4j.QemuCommandLine;
import org.colo4j.QemuIo;
import org.colo4j.PreflightReport;
import org.colo4j.QemuLauncher;
import org.colo4j.Role;
import org.colo4j.StartReport;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpSubscription;

/**
 * The README's demo. With qemu-system-x86_64, qemu-img and /dev/kvm it runs a real COLO pair on
 * loopback in a temporary directory: start, a pattern written on the primary, a checkpoint, the
 * primary killed, failover on the secondary, the pattern read back on the survivor, with the time of
 * each phase. Otherwise it prints the complete dry-run plan (both argvs and every QMP command, per
 * phase) and what to install for the live run. It never leaves a process behind.
 */
public final class Demo {

    private static final String INSTALL = "sudo apt-get install -y qemu-system-x86 qemu-utils";
    private static final long SIZE = 64L << 20;
    private static final int MIB = 1 << 20;

    private Demo() {}

    public static void main(String[] args) throws Exception {
        boolean qemu = onPath("qemu-system-x86_64") && onPath("qemu-img");
        boolean kvm = new File("/dev/kvm").canRead() && new File("/dev/kvm").canWrite();
        Path dir = Files.createTempDirectory("colo4j-demo-");
        try {
            if (qemu && kvm) {
                live(dir);
            } else {
                dryRun(dir, qemu);
                System.out.println();
                System.out.println(!qemu
                        ? "QEMU is not installed, so this was the dry run. For the live COLO pair: " + INSTALL
                        : "/dev/kvm is not usable, so this was the dry run: QEMU 7.2 deadlocks at the first COLO"
                        + " checkpoint under TCG. Run on a host with KVM (and access to /dev/kvm) for the live pair.");
            }
        } finally {
            delete(dir);
        }
    }

    /** Without QEMU here, the plan is rendered for the version colo4j is tested on. */
    private static void dryRun(Path dir, boolean qemuHere) throws IOException {
        ColoPairSpec spec = spec(dir, 9998, 9999, PortPlan.defaults()).qemuVersion(qemuHere ? null : ColoPairSpec.TESTED_QEMU)
                .build();
        System.out.println(spec);
        System.out.println("\n== primary argv\n" + shell(spec.primaryArgv()));
        System.out.println("\n== secondary argv\n" + shell(spec.secondaryArgv()));
        System.out.println();
        System.out.println(spec.plan());
    }

    private static void live(Path dir) throws Exception {
        ColoPairSpec spec = livePair(dir).build();
        System.out.println(spec + "\n");

        List<QemuLauncher> launchers = new ArrayList<>();
        Thread cleanup = new Thread(() -> launchers.forEach(QemuLauncher::close));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            // The primary first: its proxy servers then listen before the secondary's red0/red1 dial them,
            // so they connect at once instead of after a reconnect interval (whole seconds before QEMU 9.2).
            QemuLauncher primary = QemuLauncher.start(spec.primaryArgv(), spec.primary().qmp(), dir.resolve("primary.log"));
            launchers.add(primary);
            QemuLauncher secondary = QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log"));
            launchers.add(secondary);
            System.out.println("started primary (pid " + primary.pid() + ") and secondary (pid " + secondary.pid() + ")");

            try (ColoPair pair = ColoPair.connect(spec);
                 QmpSubscription events = pair.onEvent(e -> System.out.println("  event: " + e))) {
                long p0 = System.nanoTime();
                PreflightReport preflight = pair.preflight();
                System.out.printf("%s%n(preflight took %d ms)%n", preflight, (System.nanoTime() - p0) / 1_000_000);
                StartReport start = pair.start();
                System.out.println("\n" + start);

                long t = System.nanoTime();
                QemuIo.of(pair.qmp(Role.PRIMARY), primary.log()).writeBetweenCheckpoints("colo-disk0", 0xab, 0, MIB);
                System.out.printf("%nwrote 1 MiB of 0xab on the primary's colo-disk0, between two checkpoints (%.1f ms, the wait"
                        + " for a checkpoint to end included)%n", ms(t));

                t = System.nanoTime();
                awaitCheckpoint(pair);
                System.out.printf("checkpoint done: the secondary now holds the write (%.1f ms)%n", ms(t));

                primary.kill();
                System.out.println("primary killed with SIGKILL (pid " + primary.pid() + ")\n");

                FailoverReport failover = pair.failover().onSecondary();
                System.out.println(failover);

                t = System.nanoTime();
                boolean intact = QemuIo.of(pair.qmp(Role.SECONDARY), secondary.log()).verify("colo-disk0", 0xab, 0, MIB);
                System.out.printf("%nread back on the survivor: %s (%.1f ms)%n",
                        intact ? "1 MiB of 0xab, intact" : "PATTERN MISMATCH: data was lost", ms(t));
                if (!intact) {
                    System.exit(1);
                }
            }
        } finally {
            launchers.forEach(QemuLauncher::close);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            System.out.println("stopped every QEMU this demo started; removed " + dir);
        }
    }

    /**
     * COLO-FT.txt's pair on loopback: primary 127.0.0.1, secondary 127.0.0.2, one 64 MiB disk, one
     * user-net NIC; for the QEMU on PATH unless a version is set.
     */
    private static ColoPairSpec.Builder spec(Path dir, int migrationPort, int nbdPort, PortPlan ports) {
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1")
                        .qmp(QmpEndpoint.unix(dir.resolve("primary.qmp"))).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2")
                        .qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp"))).migrationPort(migrationPort).nbdPort(nbdPort).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(dir.resolve("primary.qcow2"))
                        .secondaryImage(dir.resolve("secondary-parent.qcow2")).activeImage(dir.resolve("secondary-active.qcow2"))
                        .hiddenImage(dir.resolve("secondary-hidden.qcow2")).virtualSize(SIZE).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .machine(QemuCommandLine.builder().memoryMiB(128).build())
                .portPlan(ports)
                .checkpointDelay(Duration.ofMillis(500));
    }

    /**
     * The live demo's pair on loopback (primary 127.0.0.1, secondary 127.0.0.2, free ports), its
     * images made in {@code dir}: a blank 64 MiB primary disk, the secondary's parent a copy of it,
     * blank active and hidden disks.
     */
    static ColoPairSpec.Builder livePair(Path dir) throws Exception {
        QemuImg img = QemuImg.onPath();
        img.create(dir.resolve("primary.qcow2"), ImageFormat.QCOW2, SIZE, false);
        Files.copy(dir.resolve("primary.qcow2"), dir.resolve("secondary-parent.qcow2"));
        img.create(dir.resolve("secondary-active.qcow2"), ImageFormat.QCOW2, SIZE, false);
        img.create(dir.resolve("secondary-hidden.qcow2"), ImageFormat.QCOW2, SIZE, false);
        return spec(dir, LoopbackPorts.freePort(), LoopbackPorts.freePort(), PortPlan.of(LoopbackPorts.freeRange(5), 10));
    }

    /** The argv as a shell command, one option (with its value) per line. */
    private static String shell(List<String> argv) {
        StringBuilder s = new StringBuilder(argv.get(0));
        for (String arg : argv.subList(1, argv.size())) {
            s.append(arg.startsWith("-") ? " \\\n    " : " ").append(arg.matches("[\\w@%+=:,./-]+") ? arg : "'" + arg + "'");
        }
        return s.toString();
    }

    /** Waits for the primary's next checkpoint: a STOP then a RESUME. */
    static void awaitCheckpoint(ColoPair pair) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        try (QmpSubscription s = pair.qmp(Role.PRIMARY).onAnyEvent(e -> {
            if (e.name().equals("STOP")) {
                stop.countDown();
            } else if (e.name().equals("RESUME") && stop.getCount() == 0) {
                resume.countDown();
            }
        })) {
            if (!resume.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no checkpoint within 20 s");
            }
        }
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }





    /** Whether an executable {@code name} is on PATH. */
    static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
