package org.colo4j.benchmarks;

import static org.colo4j.benchmarks.Report.f;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairOptions;
import org.colo4j.ColoPairSpec;
import org.colo4j.ColoPlan;
import org.colo4j.ColoStep;
import org.colo4j.ColoTimeouts;
import org.colo4j.LoopbackPorts;
import org.colo4j.QemuCommandLine;
import org.colo4j.QemuLauncher;
import org.colo4j.Role;
import org.colo4j.StartReport;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpSubscription;

/**
 * Issue 17 item 3, start to COLO as guest memory grows: per memory size, fresh pairs (KVM, one 64 MiB
 * qcow2 whose boot sector halts, one NIC through the proxy, checkpoint delay 2 s) started alternately by
 * {@link ColoPair#start()} and by the raw client sending the same QMP commands ({@code spec.plan()}'s
 * start phases, as figure 5 of {@link Benchmarks} does), each timed from the first command to both
 * nodes in COLO with the primary running. On the colo4j side: how much of that total is waiting for the
 * migration (the total minus the QMP steps' own durations; the primary waits in prelaunch, so the
 * migration has no downtime of its own and COLO's first {@code RESUME} starts the guest), and the first
 * checkpoint's duration by QEMU's timestamps (the primary's first {@code STOP} to the {@code RESUME} after it).
 *
 * <p>With {@code --filled} the guest RAM on both nodes is a private mapping of a file of random bytes
 * in /dev/shm ({@code memory-backend-file}, {@code share=off}), so that the migration carries real
 * pages; otherwise the RAM is fresh and all but SeaBIOS's few pages are zero, which QEMU migrates as
 * zero-page markers.
 *
 * <pre>
 * java -cp &lt;benchmarks classpath&gt; org.colo4j.benchmarks.StartVsMemory --mib 128,1024,4096 --rounds 3 [--filled] --append BENCHMARKS.md
 * </pre>
 */
public final class StartVsMemory {

    private static final long DISK_SIZE = 64L << 20;
    private static final Duration RAW_DEADLINE = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(5);
    private static final byte[] HALTING_BOOT_SECTOR = {(byte) 0xFA, (byte) 0xF4, (byte) 0xEB, (byte) 0xFD};

    private final Path root;
    private final boolean filled;
    private final QemuImg img = QemuImg.onPath().withTimeout(Duration.ofMinutes(2));

    private StartVsMemory(Path root, boolean filled) {
        this.root = root;
        this.filled = filled;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(128, 1024, 4096);
        int rounds = 3;
        boolean filled = false;
        Path append = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mib" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--filled" -> filled = true;
                case "--append" -> append = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: StartVsMemory [--mib 128,1024,4096] [--rounds N] [--filled] [--append FILE]");
            }
        }
        long t0 = System.nanoTime();
        String load = ResyncBench.uptime();
        Path root = Files.createTempDirectory("colo4j-start-memory");
        StartVsMemory bench = new StartVsMemory(root, filled);
        StringBuilder rows = new StringBuilder();
        try {
            for (int mib : sizes) {
                rows.append(bench.size(mib, rounds));
            }
        } finally {
            Processes.stopAll();
            ScratchDirs.deleteTree(root);
        }
        StringBuilder md = new StringBuilder();
        md.append(f("Guest RAM %s; %d rounds per size (colo4j and raw alternating, each on fresh QEMUs); load average "
                + "%s at the start, %s at the end; the run took %d s.%n%n", filled
                ? "filled with random bytes (`memory-backend-file` of a /dev/shm file, `share=off`)"
                : "fresh (all but SeaBIOS's pages zero)", rounds, load, ResyncBench.uptime(),
                Duration.ofNanos(System.nanoTime() - t0).toSeconds()));
        md.append("| guest RAM | colo4j `start()`: first command to COLO (ms) | raw (ms) | colo4j / raw (medians) "
                + "| `start()` wall incl. preflight (ms) | of the colo4j total: waiting for the migration to reach COLO (ms) | first checkpoint, STOP to RESUME (ms) |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        md.append(rows).append('\n');
        System.out.println(md);
        if (append != null) {
            Files.writeString(append, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private String size(int mib, int rounds) throws Exception {
        Series colo = new Series();
        Series raw = new Series();
        Series wall = new Series();
        Series downtime = new Series();
        Series firstCheckpoint = new Series();
        Path ram = filled ? randomRam(mib) : null;
        try {
            for (int r = 0; r < rounds; r++) {
                for (int side = 0; side < 2; side++) {
                    boolean coloSide = (side + r) % 2 == 0;
                    Path dir = root.resolve(mib + "-" + r + (coloSide ? "-colo4j" : "-raw"));
                    if (coloSide) {
                        double[] m = coloRound(dir, mib, ram);
                        colo.add(m[0]);
                        wall.add(m[1]);
                        downtime.add(m[2]);
                        firstCheckpoint.add(m[3]);
                        log(f("%d MiB round %d colo4j: total %.0f ms, wall %.0f ms, downtime %.0f ms, first checkpoint %.0f ms",
                                mib, r + 1, m[0], m[1], m[2], m[3]));
                    } else {
                        double t = rawRound(dir, mib, ram);
                        raw.add(t);
                        log(f("%d MiB round %d raw: %.0f ms", mib, r + 1, t));
                    }
                    ScratchDirs.deleteTree(dir);
                }
            }
        } finally {
            if (ram != null) {
                Files.deleteIfExists(ram);
            }
        }
        return f("| %d MiB | %s | %s | %.2f | %s | %s | %s |%n", mib, colo.format(0), raw.format(0),
                colo.median() / raw.median(), wall.format(0), downtime.format(0), firstCheckpoint.format(0));
    }

    /** {StartReport.total, start() wall, total minus the QMP steps' own time (waiting for the migration), first checkpoint}, ms. */
    private double[] coloRound(Path dir, int mib, Path ram) throws Exception {
        ColoPairSpec spec = spec(dir, mib, ram);
        List<QemuLauncher> qemus = launch(spec, dir);
        ColoPairOptions options = ColoPairOptions.defaults()
                .withTimeouts(ColoTimeouts.defaults().withStart(Duration.ofMinutes(5)));
        try (ColoPair pair = ColoPair.connect(spec, options)) {
            List<QmpEvent> events = new CopyOnWriteArrayList<>();
            try (QmpSubscription sub = pair.qmp(Role.PRIMARY).onAnyEvent(events::add)) {
                long t0 = System.nanoTime();
                StartReport report = pair.start();
                long wall = System.nanoTime() - t0;
                // The primary waits in prelaunch, so the migration emits no STOP; COLO starts the guest (RESUME).
                // The first checkpoint is the next STOP and the RESUME after it.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                Instant stop = null;
                Instant resumed = null;
                while (resumed == null) {
                    stop = null;
                    for (QmpEvent e : events) {
                        if (stop == null && e.name().equals("STOP")) {
                            stop = e.timestamp();
                        } else if (stop != null && e.name().equals("RESUME")) {
                            resumed = e.timestamp();
                            break;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no first checkpoint within 60 s; events " + names(events));
                    }
                    WritingGuest.sleep(10);
                }
                double steps = report.steps().stream().mapToLong(st -> st.duration().toNanos()).sum() / 1e6;
                double downtime = report.total().toNanos() / 1e6 - steps;
                double first = ms(stop, resumed);
                return new double[] {report.total().toNanos() / 1e6, wall / 1e6, downtime, first};
            }
        } finally {
            qemus.forEach(Processes::stop);
        }
    }

    /** First command ({@code query-block}) to COLO on both nodes and the primary running, ms. */
    private double rawRound(Path dir, int mib, Path ram) throws Exception {
        ColoPairSpec spec = spec(dir, mib, ram);
        List<QemuLauncher> qemus = launch(spec, dir);
        try {
            ColoPlan plan = spec.plan();
            List<ColoStep> secondaryStart = plan.phase("start: secondary").orElseThrow().steps();
            List<ColoStep> primaryStart = plan.phase("start: primary").orElseThrow().steps();
            Path ps = ((QmpEndpoint.Unix) spec.primary().qmp()).path();
            Path ss = ((QmpEndpoint.Unix) spec.secondary().qmp()).path();
            try (RawQmp s = RawQmp.connect(ss, Duration.ofSeconds(10)); RawQmp p = RawQmp.connect(ps, Duration.ofSeconds(10))) {
                long t0 = System.nanoTime();
                return s.within(RAW_DEADLINE, () -> p.within(RAW_DEADLINE, () -> {
                    String queryBlock = s.call("{\"execute\":\"query-block\"}");
                    for (ColoStep step : secondaryStart) {
                        expectReturn(step, s.call(ColoBench.resolve(step, queryBlock)));
                    }
                    for (ColoStep step : primaryStart) {
                        expectReturn(step, p.call(ColoBench.resolve(step, queryBlock)));
                    }
                    while (!(p.call("{\"execute\":\"query-colo-status\"}").contains("\"mode\": \"primary\"")
                            && s.call("{\"execute\":\"query-colo-status\"}").contains("\"mode\": \"secondary\"")
                            && p.call("{\"execute\":\"query-status\"}").contains("\"status\": \"running\""))) {
                        WritingGuest.sleep(POLL.toMillis());
                    }
                    return (System.nanoTime() - t0) / 1e6;
                }));
            }
        } finally {
            qemus.forEach(Processes::stop);
        }
    }

    private static void expectReturn(ColoStep step, String reply) throws IOException {
        if (!reply.startsWith("{\"return\"")) {
            throw new IOException("raw step " + step + " failed: " + reply);
        }
    }

    /** The primary first, so that the secondary's redirectors find its proxy servers listening. */
    private static List<QemuLauncher> launch(ColoPairSpec spec, Path dir) {
        List<QemuLauncher> qemus = new ArrayList<>();
        qemus.add(Processes.track(QemuLauncher.start(spec.primaryArgv(), spec.primary().qmp(), dir.resolve("primary.log"))));
        qemus.add(Processes.track(QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log"))));
        return qemus;
    }

    private ColoPairSpec spec(Path dir, int mib, Path ram) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path raw = dir.resolve("boot.raw");
        byte[] sector = new byte[512];
        System.arraycopy(HALTING_BOOT_SECTOR, 0, sector, 0, HALTING_BOOT_SECTOR.length);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        Files.write(raw, sector);
        try (var f = new java.io.RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(DISK_SIZE);
        }
        Path primaryImage = dir.resolve("primary0.qcow2");
        run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), primaryImage.toString()));
        Files.delete(raw);
        Path parent = dir.resolve("secondary-parent0.qcow2");
        Files.copy(primaryImage, parent);
        img.create(dir.resolve("secondary-active0.qcow2"), ImageFormat.QCOW2, DISK_SIZE, false);
        img.create(dir.resolve("secondary-hidden0.qcow2"), ImageFormat.QCOW2, DISK_SIZE, false);
        QemuCommandLine.Builder machine = QemuCommandLine.builder().accel("kvm").memoryMiB(mib);
        if (ram != null) {
            machine.extra("-object", "memory-backend-file,id=bench-ram,size=" + mib + "M,mem-path=" + ram + ",share=off",
                    "-machine", "memory-backend=bench-ram");
        }
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .machine(machine.build())
                .portPlan(PortPlan.of(LoopbackPorts.freeRange(10), 10))
                .checkpointDelay(Duration.ofMillis(2000))
                .disk(ColoDisk.builder().primaryImage(primaryImage).secondaryImage(parent)
                        .activeImage(dir.resolve("secondary-active0.qcow2")).hiddenImage(dir.resolve("secondary-hidden0.qcow2")).build())
                .nic(ColoNic.builder().netdev("hn0").model(NicModel.RTL8139).build())
                .build();
    }

    /** A file of {@code mib} MiB of random bytes in /dev/shm, for {@code memory-backend-file}. */
    private static Path randomRam(int mib) throws IOException {
        Path file = Files.createTempFile(Path.of("/dev/shm"), "colo4j-bench-ram", ".bin");
        SplittableRandom random = new SplittableRandom(mib);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return file;
    }

    private static List<String> names(List<QmpEvent> events) {
        return events.stream().map(QmpEvent::name).toList();
    }

    private static double ms(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e6;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void log(String msg) {
        System.err.println("[start-memory] " + Instant.now() + " " + msg);
    }
}
