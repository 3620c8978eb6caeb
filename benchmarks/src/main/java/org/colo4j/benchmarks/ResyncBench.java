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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairOptions;
import org.colo4j.ColoPairSpec;
import org.colo4j.ColoStep;
import org.colo4j.LoopbackPorts;
import org.colo4j.QemuCommandLine;
import org.colo4j.QemuLauncher;
import org.colo4j.Role;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.PrimaryDisk;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpSubscription;

/**
 * Issue 17 item 1, the resync: a primary running alone (after {@code failover().onPrimary()}) with one
 * disk full of random data and a {@link WritingGuest} writing to it, copied to a freshly started new
 * secondary's NBD export, measured against the copy limit on this machine in the same run.
 *
 * <p>Per disk size, each round runs every variant once, in an order that rotates from round to round,
 * each against a new secondary QEMU with new blank images:
 * <ul>
 *   <li>the limits: {@code qemu-img convert} of the primary's image (read with {@code -U} while QEMU runs)
 *       to the new secondary's NBD export, and to a new qcow2 file;</li>
 *   <li>mirror variants sent raw over QMP: {@code drive-mirror} (QEMU's defaults, which colo4j sent
 *       before this benchmark), other {@code granularity} / {@code buf-size} / {@code copy-mode}
 *       values, and {@code blockdev-mirror} to an NBD client node;</li>
 *   <li>colo4j's own {@link ColoPair#resumeReplication} to a new secondary with
 *       {@link ColoPairOptions#defaults()}, after which that secondary is killed and the primary fails
 *       over again for the next variant.</li>
 * </ul>
 * A mirror's time is QEMU's own: the {@code JOB_STATUS_CHANGE} events' timestamps from
 * {@code running} to {@code ready} (the whole disk copied and in sync); a {@code qemu-img} run is
 * timed around the process. While each copy runs, the guest's counter is read every 250 ms: its write
 * rate during the copy against its rate just before.
 *
 * <pre>
 * java -cp &lt;benchmarks classpath&gt; org.colo4j.benchmarks.ResyncBench --sizes 1024,4096 --rounds 3 --append BENCHMARKS.md
 * </pre>
 */
public final class ResyncBench {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration GUEST_BOOT = Duration.ofSeconds(90);
    private static final long MIB = 1L << 20;

    /** One way of copying the disk to the new secondary. */
    record Variant(String name, String kind, Map<String, Object> args) {}

    static List<Variant> variants(String only) {
        List<Variant> all = new ArrayList<>();
        all.add(new Variant("qemu-img convert to the NBD export", "convert-nbd", Map.of()));
        all.add(new Variant("qemu-img convert to a qcow2 file", "convert-file", Map.of()));
        all.add(new Variant("qemu-img convert -W -m 16 to the NBD export", "convert-nbd-w", Map.of()));
        all.add(new Variant("drive-mirror, QEMU's defaults", "drive", Map.of()));
        all.add(new Variant("drive-mirror, granularity 1 MiB", "drive", Map.of("granularity", 1 << 20)));
        all.add(new Variant("drive-mirror, buf-size 64 MiB", "drive", Map.of("buf-size", 64 << 20)));
        all.add(new Variant("drive-mirror, granularity 1 MiB, buf-size 64 MiB", "drive",
                Map.of("granularity", 1 << 20, "buf-size", 64 << 20)));
        all.add(new Variant("drive-mirror, granularity 8 MiB", "drive", Map.of("granularity", 8 << 20)));
        all.add(new Variant("drive-mirror, copy-mode write-blocking", "drive", Map.of("copy-mode", "write-blocking")));
        all.add(new Variant("blockdev-mirror to an NBD node, QEMU's defaults", "blockdev", Map.of()));
        all.add(new Variant("colo4j `resumeReplication` (its mirror)", "colo4j", Map.of()));
        all.add(new Variant("drive-mirror, granularity 1 MiB, buf-size 128 MiB", "drive",
                Map.of("granularity", 1 << 20, "buf-size", 128 << 20)));
        all.add(new Variant("drive-mirror, granularity 2 MiB, buf-size 64 MiB", "drive",
                Map.of("granularity", 2 << 20, "buf-size", 64 << 20)));
        if (only == null) {
            return all;
        }
        List<String> keep = List.of(only.split(","));
        List<Variant> some = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (keep.contains(Integer.toString(i + 1))) {
                some.add(all.get(i));
            }
        }
        return some;
    }

    /** What one copy measured: seconds, and the guest's writes per second before and during it. */
    record Result(double seconds, double guestBefore, double guestDuring, String note, long copied) {

        Result(double seconds, double guestBefore, double guestDuring, String note) {
            this(seconds, guestBefore, guestDuring, note, 0);
        }
    }

    private final Path dir;
    private final long size;
    private final boolean idleGuest;
    private final QemuImg img = QemuImg.onPath().withTimeout(Duration.ofMinutes(10));
    private ColoPairSpec spec;
    private QemuLauncher primary;
    private QemuLauncher secondary;
    private volatile ColoPair pair;
    private final List<long[]> samples = new CopyOnWriteArrayList<>();
    private volatile boolean sampling;
    private int failedReads;
    private final Series resumeWall = new Series();

    private ResyncBench(Path dir, long size, boolean idleGuest) {
        this.dir = dir;
        this.size = size;
        this.idleGuest = idleGuest;
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(1024L, 4096L);
        int rounds = 3;
        String only = null;
        boolean idle = false;
        Path append = null;
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--variants" -> only = args[++i];
                case "--idle-guest" -> idle = true;
                case "--append" -> append = Path.of(args[++i]);
                case "--keep-logs" -> keep = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: ResyncBench [--sizes 1024,4096] [--rounds N] [--variants 1,2,..] [--idle-guest] [--append FILE] [--keep-logs DIR]");
            }
        }
        long t0 = System.nanoTime();
        String load = uptime();
        Path root = Files.createTempDirectory("colo4j-resync-bench");
        StringBuilder md = new StringBuilder();
        try {
            for (long mib : sizes) {
                ResyncBench bench = new ResyncBench(root.resolve(mib + "m"), mib * MIB, idle);
                try {
                    md.append(bench.run(variants(only), rounds));
                } finally {
                    keepLogs(root.resolve(mib + "m"), keep, mib);
                    ScratchDirs.deleteTree(root.resolve(mib + "m"));
                }
            }
        } finally {
            Processes.stopAll();
            ScratchDirs.deleteTree(root);
        }
        String head = f("Load average at the start: %s; at the end: %s. The run took %d s.%n%n", load, uptime(),
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        String out = head + md;
        System.out.println(out);
        if (append != null) {
            Files.writeString(append, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Copies the QEMU logs of one size's scratch directory to {@code keep} (if given) before it is deleted. */
    private static void keepLogs(Path dir, Path keep, long mib) throws IOException {
        if (keep == null || !Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(keep);
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, keep.resolve(mib + "m-" + log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private String run(List<Variant> variants, int rounds) throws Exception {
        Files.createDirectories(dir);
        log("making a " + size / MIB + " MiB image of random data");
        long tImage = System.nanoTime();
        Path primaryImage = randomImage();
        log("image ready in " + Duration.ofNanos(System.nanoTime() - tImage).toSeconds() + " s");
        blankSecondaryImages();
        spec = spec(primaryImage);
        primary = Processes.track(QemuLauncher.start(spec.primaryArgv(), spec.primary().qmp(), dir.resolve("primary.log")));
        secondary = Processes.track(QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log")));
        Map<String, Series> seconds = new LinkedHashMap<>();
        Map<String, Series> during = new LinkedHashMap<>();
        Series before = new Series();
        List<String> notes = new ArrayList<>();
        Map<String, Long> copied = new LinkedHashMap<>();
        try {
            pair = ColoPair.connect(spec, ColoPairOptions.defaults());
            pair.start();
            awaitGuest();
            Processes.stop(secondary);
            pair.failover().onPrimary();
            log("the primary runs alone; guest counter " + counter());
            startSampler();
            rounds:
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < variants.size(); k++) {
                    Variant v = variants.get((k + r) % variants.size());
                    Result res;
                    try {
                        res = once(v);
                    } catch (RuntimeException e) {
                        // e.g. QEMU 7.2's primary segfaulting in the resume (see BENCHMARKS.md): report what was measured
                        log("round " + (r + 1) + " " + v.name() + " failed: " + e.toString().lines().findFirst().orElse(""));
                        notes.add(v.name() + ", round " + (r + 1) + ": failed (" + e.toString().lines().findFirst().orElse("")
                                + "); primary alive: " + primary.isAlive());
                        if (!primary.isAlive()) {
                            break rounds;
                        }
                        continue;
                    }
                    log(f("round %d %-52s %7.2f s  %7.1f MiB/s  guest %.0f -> %.0f writes/s %s", r + 1, v.name(), res.seconds(),
                            size / MIB / res.seconds(), res.guestBefore(), res.guestDuring(), res.note()));
                    seconds.computeIfAbsent(v.name(), x -> new Series()).add(res.seconds());
                    during.computeIfAbsent(v.name(), x -> new Series()).add(res.guestDuring());
                    before.add(res.guestBefore());
                    if (res.copied() > 0) {
                        copied.merge(v.name(), res.copied(), Math::max);
                    }
                    if (!res.note().isEmpty()) {
                        notes.add(v.name() + ", round " + (r + 1) + ": " + res.note());
                    }
                }
            }
            return markdown(variants, rounds, seconds, during, before, notes, copied);
        } finally {
            sampling = false;
            if (pair != null) {
                pair.close();
            }
            Processes.stop(secondary);
            Processes.stop(primary);
        }
    }

    // ------------------------------------------------------------------ one copy

    private Result once(Variant v) throws Exception {
        if (v.kind().equals("colo4j")) {
            return resume();
        }
        freshSecondary();
        double idleRate = guestRate(Duration.ofSeconds(2));
        PrimaryDisk d = spec.replication().primaryDisks().get(0);
        String uri = "nbd://" + spec.secondary().address() + ":" + spec.secondary().nbdPort() + "/" + d.exportName();
        try {
            if (v.kind().startsWith("convert")) {
                Path copy = dir.resolve("copy.qcow2");
                List<String> cmd = switch (v.kind()) {
                    case "convert-nbd" -> List.of("qemu-img", "convert", "-n", "-U", "-f", "qcow2", "-O", "raw",
                            d.image().path().toString(), uri);
                    case "convert-nbd-w" -> List.of("qemu-img", "convert", "-n", "-U", "-W", "-m", "16", "-f", "qcow2",
                            "-O", "raw", d.image().path().toString(), uri);
                    default -> List.of("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "qcow2",
                            d.image().path().toString(), copy.toString());
                };
                Instant a = Instant.now();
                run(cmd);
                Instant b = Instant.now();
                Files.deleteIfExists(copy);
                return new Result(secs(a, b), idleRate, rateBetween(a, b), "");
            }
            return mirror(v, d, uri, idleRate);
        } finally {
            Processes.stop(secondary);
        }
    }

    private Result mirror(Variant v, PrimaryDisk d, String uri, double idleRate) throws Exception {
        QmpClient p = pair.qmp(Role.PRIMARY);
        String job = "bench-" + d.quorumId();
        List<QmpEvent> events = new CopyOnWriteArrayList<>();
        try (QmpSubscription sub = p.onAnyEvent(events::add)) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("job-id", job);
            a.put("device", d.quorumId());
            a.put("sync", "full");
            if (v.kind().equals("blockdev")) {
                p.execute("blockdev-add", Map.of("driver", "nbd", "node-name", "bench-target",
                        "server", Map.of("type", "inet", "host", spec.secondary().address(),
                                "port", Integer.toString(spec.secondary().nbdPort())), "export", d.exportName()));
                a.put("target", "bench-target");
            } else {
                a.put("target", uri);
                a.put("mode", "existing");
                a.put("format", "raw");
            }
            a.putAll(v.args());
            p.execute(v.kind().equals("blockdev") ? "blockdev-mirror" : "drive-mirror", a);
            QmpEvent ready;
            try {
                ready = await(events, "BLOCK_JOB_READY", job, JOB_TIMEOUT);
            } catch (IllegalStateException notReady) {
                p.execute("block-job-cancel", Map.of("device", job, "force", true));
                await(events, "BLOCK_JOB_CANCELLED", job, Duration.ofMinutes(2));
                if (v.kind().equals("blockdev")) {
                    p.execute("blockdev-del", Map.of("node-name", "bench-target"));
                }
                return new Result(Double.NaN, idleRate, Double.NaN, "not ready within " + JOB_TIMEOUT.toSeconds()
                        + " s (cancelled): " + notReady.getMessage().replaceAll("; events .*", ""));
            }
            Instant running = statusTime(events, job, "running");
            Instant readyAt = statusTime(events, job, "ready");
            long len = ready.data().path("len").asLong();
            long offset = ready.data().path("offset").asLong();
            p.execute("block-job-cancel", Map.of("device", job));
            await(events, "BLOCK_JOB_COMPLETED", job, Duration.ofMinutes(2));
            if (v.kind().equals("blockdev")) {
                p.execute("blockdev-del", Map.of("node-name", "bench-target"));
            }
            String note = len < size || offset < size ? f("ready at offset %d of len %d (disk %d)", offset, len, size) : "";
            return new Result(secs(running, readyAt), idleRate, rateBetween(running, readyAt), note, len);
        }
    }

    /**
     * colo4j's own resume to a new secondary (the mirror's QEMU time as for the variants, the whole
     * call's wall time in the note); then the new secondary is killed and the primary fails over
     * again, ready for the next copy.
     */
    private Result resume() throws Exception {
        blankSecondaryImages();
        Files.deleteIfExists(((QmpEndpoint.Unix) spec.secondary().qmp()).path());
        secondary = Processes.track(QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log")));
        double idleRate = guestRate(Duration.ofSeconds(2));
        List<QmpEvent> events = new CopyOnWriteArrayList<>();
        String job = "resync-" + spec.replication().primaryDisks().get(0).quorumId();
        long t0 = System.nanoTime();
        ColoPair next;
        try (QmpSubscription sub = pair.qmp(Role.PRIMARY).onAnyEvent(events::add)) {
            next = pair.resumeReplication(spec.secondary());
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Instant running = statusTime(events, job, "running");
        Instant ready = statusTime(events, job, "ready");
        pair = next;
        if (!next.status().isReplicating()) {
            throw new IllegalStateException("not replicating after resumeReplication: " + next.status());
        }
        resumeWall.add(wall);
        Processes.stop(secondary);
        next.failover().onPrimary();
        return new Result(secs(running, ready), idleRate, rateBetween(running, ready), "");
    }

    // ------------------------------------------------------------------ the guest

    private void awaitGuest() {
        long deadline = System.nanoTime() + GUEST_BOOT.toNanos();
        while (counter().orElse(0) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the writing guest did not write within " + GUEST_BOOT);
            }
            WritingGuest.sleep(200);
        }
    }

    private OptionalLong counter() {
        return WritingGuest.counter(pair.qmp(Role.PRIMARY), primary.log(), "colo-disk0");
    }

    private void startSampler() {
        sampling = true;
        Thread t = new Thread(() -> {
            while (sampling) {
                try {
                    OptionalLong c = counter();
                    if (c.isPresent()) {
                        samples.add(new long[] {System.currentTimeMillis(), c.getAsLong()});
                    }
                } catch (RuntimeException e) {
                    // a read that failed (e.g. during the resume's switch to COLO) leaves a gap
                    if (failedReads++ < 5) {
                        log("guest counter read failed: " + e);
                    }
                }
                WritingGuest.sleep(250);
            }
        }, "resync-bench-guest-sampler");
        t.setDaemon(true);
        t.start();
    }

    private double guestRate(Duration window) {
        Instant a = Instant.now();
        WritingGuest.sleep(window.toMillis());
        return rateBetween(a, Instant.now());
    }

    /** Guest writes per second between the last sample at or before {@code a} and the first at or after {@code b}. */
    private double rateBetween(Instant a, Instant b) {
        long wait = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (samples.isEmpty() || samples.get(samples.size() - 1)[0] < b.toEpochMilli()) {
            if (System.nanoTime() > wait) {
                return Double.NaN;
            }
            WritingGuest.sleep(20);
        }
        long[] first = null;
        long[] last = null;
        for (long[] s : samples) {
            if (s[0] <= a.toEpochMilli()) {
                first = s;
            }
            if (last == null && s[0] >= b.toEpochMilli()) {
                last = s;
            }
        }
        if (first == null || last == null || last[0] == first[0]) {
            return Double.NaN;
        }
        return (last[1] - first[1]) * 1000.0 / (last[0] - first[0]);
    }

    // ------------------------------------------------------------------ setup

    private Path randomImage() throws IOException, InterruptedException {
        Path raw = dir.resolve("primary0.raw");
        SplittableRandom random = new SplittableRandom(17);
        byte[] chunk = new byte[(int) MIB];
        try (OutputStream out = Files.newOutputStream(raw)) {
            for (long at = 0; at < size; at += MIB) {
                random.nextBytes(chunk);
                if (at == 0) {
                    System.arraycopy(WritingGuest.bootSector(idleGuest), 0, chunk, 0, WritingGuest.SECTOR);
                }
                if (at == WritingGuest.COUNTER_OFFSET) {
                    java.util.Arrays.fill(chunk, 0, WritingGuest.SECTOR, (byte) 0);
                }
                out.write(chunk);
            }
        }
        Path qcow2 = dir.resolve("primary0.qcow2");
        run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString()));
        Files.delete(raw);
        return qcow2;
    }

    private void blankSecondaryImages() {
        for (String name : List.of("secondary-parent0", "secondary-active0", "secondary-hidden0")) {
            img.create(dir.resolve(name + ".qcow2"), ImageFormat.QCOW2, size, true);
        }
    }

    /** A new secondary QEMU with new blank images, its NBD server and export up (the plan's secondary start). */
    private void freshSecondary() throws IOException, InterruptedException {
        blankSecondaryImages();
        Path socket = ((QmpEndpoint.Unix) spec.secondary().qmp()).path();
        Files.deleteIfExists(socket);
        secondary = Processes.track(QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log")));
        List<ColoStep> steps = spec.plan().phase("start: secondary").orElseThrow().steps();
        try (RawQmp s = RawQmp.connect(socket, Duration.ofSeconds(10))) {
            String queryBlock = s.call("{\"execute\":\"query-block\"}");
            for (ColoStep step : steps) {
                String reply = s.call(ColoBench.resolve(step, queryBlock));
                if (!reply.startsWith("{\"return\"")) {
                    throw new IOException("secondary step " + step + " failed: " + reply);
                }
            }
        }
    }

    private ColoPairSpec spec(Path primaryImage) {
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .machine(QemuCommandLine.builder().accel("kvm").memoryMiB(128).build())
                .portPlan(PortPlan.of(LoopbackPorts.freeRange(10), 10))
                .checkpointDelay(Duration.ofMillis(2000))
                .disk(ColoDisk.builder().primaryImage(primaryImage).secondaryImage(dir.resolve("secondary-parent0.qcow2"))
                        .activeImage(dir.resolve("secondary-active0.qcow2")).hiddenImage(dir.resolve("secondary-hidden0.qcow2")).build())
                .nic(ColoNic.builder().netdev("hn0").model(NicModel.RTL8139).build())
                .build();
    }

    // ------------------------------------------------------------------ report

    private String markdown(List<Variant> variants, int rounds, Map<String, Series> seconds, Map<String, Series> during,
            Series before, List<String> notes, Map<String, Long> copied) {
        double limit = Double.NaN;
        for (String name : List.of("qemu-img convert to the NBD export", "qemu-img convert -W -m 16 to the NBD export")) {
            Series nbd = seconds.get(name);
            if (nbd != null && !(nbd.median() >= limit)) {
                limit = nbd.median();
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(f("#### %d MiB disk (%d rounds, guest %s)%n%n", size / MIB, rounds, idleGuest ? "writing 18 sectors/s" : "writing flat out"));
        s.append("| copy | seconds | MiB/s | / the limit (faster qemu-img to NBD) | guest writes/s during | most bytes a job copied / disk |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        for (Variant v : variants) {
            Series t = seconds.get(v.name());
            if (t == null) {
                continue;
            }
            Series mibs = new Series();
            t.values().forEach(x -> mibs.add(size / MIB / x));
            Long bytes = copied.get(v.name());
            s.append(f("| %s | %s | %s | %.2f | %s | %s |%n", v.name(), t.format(2), mibs.format(0), limit / t.median(),
                    during.get(v.name()).format(0), bytes == null ? "" : f("%.3f", (double) bytes / size)));
        }
        s.append(f("%nGuest writes/s just before each copy: %s.", before.format(0)));
        if (!resumeWall.isEmpty()) {
            s.append(f(" colo4j's `resumeReplication` as a whole (secondary start steps, mirror, stop, cancel, replication, migration to COLO): %s s.",
                    resumeWall.format(2)));
        }
        s.append('\n');
        for (String n : notes) {
            s.append("- ").append(n).append('\n');
        }
        return s.append('\n').toString();
    }

    // ------------------------------------------------------------------ helpers

    private static QmpEvent await(List<QmpEvent> events, String name, String job, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (QmpEvent e : events) {
                if (e.name().equals(name) && job.equals(e.data().path("device").asText())) {
                    return e;
                }
                boolean failed = e.name().equals("BLOCK_JOB_ERROR") || e.name().equals("BLOCK_JOB_CANCELLED");
                if (failed && job.equals(e.data().path("device").asText())) {
                    throw new IllegalStateException("job " + job + ": " + e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + name + " for " + job + " within " + timeout + "; events " + events);
            }
            WritingGuest.sleep(5);
        }
    }

    private static Instant statusTime(List<QmpEvent> events, String job, String status) {
        for (QmpEvent e : events) {
            if (e.name().equals("JOB_STATUS_CHANGE") && job.equals(e.data().path("id").asText())
                    && status.equals(e.data().path("status").asText())) {
                return e.timestamp();
            }
        }
        throw new IllegalStateException("no JOB_STATUS_CHANGE " + status + " for " + job + " in " + events);
    }

    private static double secs(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    static String uptime() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg")).trim();
            return String.join(" ", java.util.Arrays.copyOf(s.split(" "), 3));
        } catch (IOException e) {
            return "?";
        }
    }

    private static void log(String msg) {
        System.err.println("[resync] " + Instant.now() + " " + msg);
    }
}
