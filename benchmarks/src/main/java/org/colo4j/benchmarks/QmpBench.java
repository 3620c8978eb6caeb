package org.colo4j.benchmarks;

import static org.colo4j.benchmarks.Report.f;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.colo4j.QemuLauncher;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.StatusInfo;

/**
 * Figures 1-4 and 6: one {@code qemu-system-x86_64 -machine none} with three QMP monitors (one for
 * colo4j, one for the raw client, one for the cold starts), each measured round interleaved with its
 * counterpart (the order alternating from round to round) so both see the same machine.
 */
final class QmpBench implements AutoCloseable {

    private static final int PIPELINED_IN_FLIGHT = Benchmarks.PIPELINED_CALLS;
    private static final Duration ROUND_DEADLINE = Duration.ofSeconds(60);
    private static final byte[] QUERY_STATUS = "{\"execute\":\"query-status\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final int rounds;
    private final int warmup;
    private final Report report;
    private final QemuLauncher qemu;
    private final Path coloSocket;
    private final Path rawSocket;
    private final Path coldSocket;
    private final QmpClient qmp;
    private final RawQmp raw;
    private final long[] clientThreads;

    /** Median colo4j pipelined rate of figure 2, for figure 3's target. */
    private double pipelinedColo = Double.NaN;

    QmpBench(Path dir, int rounds, int warmup, Report report) throws IOException {
        this.dir = dir;
        this.rounds = rounds;
        this.warmup = warmup;
        this.report = report;
        coloSocket = dir.resolve("colo4j.qmp");
        rawSocket = dir.resolve("raw.qmp");
        coldSocket = dir.resolve("cold.qmp");
        List<String> argv = List.of("qemu-system-x86_64", "-machine", "none", "-nodefaults", "-display", "none",
                "-qmp", "unix:" + coloSocket + ",server=on,wait=off",
                "-qmp", "unix:" + rawSocket + ",server=on,wait=off",
                "-qmp", "unix:" + coldSocket + ",server=on,wait=off");
        qemu = Processes.track(QemuLauncher.start(argv, QmpEndpoint.unix(coldSocket), dir.resolve("qemu-none.log")));
        Set<Long> before = threadIds();
        qmp = QmpClient.connect(QmpEndpoint.unix(coloSocket));
        qmp.execute(new QueryStatus());
        Set<Long> mine = threadIds();
        mine.removeAll(before);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("colo4j-qmp-deadlines")) {
                mine.add(t.getId());
            }
        }
        clientThreads = mine.stream().mapToLong(Long::longValue).toArray();
        raw = RawQmp.connect(rawSocket, Duration.ofSeconds(10));
    }

    long qemuPid() {
        return qemu.pid();
    }

    // ------------------------------------------------------------------ figure 1

    /** Runs {@code n} calls and returns the nanoseconds they took. */
    interface Block {
        long run(int n) throws Exception;
    }

    /**
     * One round: {@code blocks} blocks of {@code n} calls for each variant, the order rotating from block
     * to block so that every variant sees the same load; returns each variant's calls/s.
     */
    private static double[] round(List<Block> variants, int blocks, int n, int rotation) throws Exception {
        int k = variants.size();
        long[] nanos = new long[k];
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < k; j++) {
                int v = (j + b + rotation) % k;
                nanos[v] += variants.get(v).run(n);
            }
        }
        double[] rates = new double[k];
        for (int v = 0; v < k; v++) {
            rates[v] = blocks * (double) n * 1e9 / nanos[v];
        }
        return rates;
    }

    /**
     * {@code n} lines exactly as colo4j writes them, {"execute":"query-status","id":N} and a newline, with
     * the ids colo4j gives them (the smallest not in use): 1 for every call when each is answered before
     * the next is sent, 1 to n when all n are in flight at once.
     */
    private static byte[][] linesWithIds(int n, boolean inFlightTogether) {
        byte[][] lines = new byte[n][];
        for (int i = 0; i < n; i++) {
            int id = inFlightTogether ? i + 1 : 1;
            lines[i] = ("{\"execute\":\"query-status\",\"id\":" + id + "}\n").getBytes(StandardCharsets.US_ASCII);
        }
        return lines;
    }

    private void comparison(String figure, String what, String unitRow, List<Block> variants, int blocks, int n,
                            String method) throws Exception {
        Series colo = new Series();
        Series rawRate = new Series();
        Series rawIds = new Series();
        Series ratio = new Series();
        Series ratioIds = new Series();
        for (int r = -warmup; r < rounds; r++) {
            double[] rates = round(variants, blocks, n, Math.floorMod(r, variants.size()));
            if (r >= 0) {
                colo.add(rates[0]);
                rawRate.add(rates[1]);
                rawIds.add(rates[2]);
                ratio.add(rates[0] / rates[1]);
                ratioIds.add(rates[0] / rates[2]);
            }
        }
        if (figure.equals("2")) {
            pipelinedColo = colo.median();
        }
        log("figure " + figure + " colo4j " + colo + "\n         raw    " + rawRate + "\n         raw+ids " + rawIds
                + "\n         ratio  " + ratio + "\n         ratio vs raw+ids " + ratioIds);
        // The reference is the raw client sending colo4j's exact bytes (ids included: issue 17); the raw
        // client without ids is a diagnostic, what the ids cost QEMU, which reads its input a byte at a time.
        boolean met = ratioIds.median() >= 0.95;
        report.number("fig" + figure + ".colo", colo.median());
        report.number("fig" + figure + ".raw", rawRate.median());
        report.number("fig" + figure + ".rawIds", rawIds.median());
        report.number("fig" + figure + ".ratio", ratio.median());
        report.number("fig" + figure + ".ratioIds", ratioIds.median());
        report.row(figure + ". " + unitRow + "; raw client sending colo4j's exact bytes (ids included)", colo.format(0),
                rawIds.format(0), ratioIds.format(3), "≥ 0.95", Report.verdict(met));
        report.row(figure + ". diagnostic: raw client without ids", "", rawRate.format(0), ratio.format(3), "", "");
        report.section("### " + figure + ". " + what + "\n\n" + method
                + f(" Three variants, in blocks of %,d calls, %d blocks each per round, the order rotating from block "
                + "to block: colo4j; the raw client sending `{\"execute\":\"query-status\"}` (26 bytes and a newline); "
                + "the raw client sending exactly the bytes colo4j sends, `{\"execute\":\"query-status\",\"id\":N}` "
                + "with colo4j's ids (the smallest free: `1` for every sequential call, 1 to %,d when %,d are in flight). "
                + "The raw client is plain JDK `SocketChannel` on the "
                + "unix socket, no JSON mapping, no threads; it negotiates the same session as colo4j (`oob` "
                + "enabled). %d warm-up rounds, then %d measured rounds.%n%n", n, blocks, PIPELINED_IN_FLIGHT,
                PIPELINED_IN_FLIGHT, warmup, rounds)
                + f("- colo4j: %s calls/s%n- raw: %s calls/s%n- raw with colo4j's bytes: %s calls/s%n", colo.format(0),
                rawRate.format(0), rawIds.format(0))
                + f("- colo4j / raw with colo4j's bytes per round: %s (target ≥ 0.95: %s)%n", ratioIds.format(3),
                Report.verdict(met))
                + f("- colo4j / raw without ids per round: %s (diagnostic)%n", ratio.format(3)));
    }

    void sequential(int blocks, int n) throws Exception {
        comparison("1", "Sequential round trips", "sequential `query-status` round trips (calls/s)",
                List.of(this::coloSequential, this::rawSequential, this::rawSequentialIds), blocks, n,
                "Blocking calls one after another: `qmp.execute(new QueryStatus())` for colo4j; write one line, read "
                + "one reply line for the raw client.");
    }

    private long coloSequential(int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            qmp.execute(new QueryStatus());
        }
        return System.nanoTime() - t0;
    }

    private long rawSequential(int n) throws IOException {
        return raw.within(ROUND_DEADLINE, () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                raw.write(QUERY_STATUS);
                raw.skipReply();
            }
            return System.nanoTime() - t0;
        });
    }

    private long rawSequentialIds(int n) throws IOException {
        byte[][] lines = linesWithIds(n, false);
        return raw.within(ROUND_DEADLINE, () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                raw.write(lines[i]);
                raw.skipReply();
            }
            return System.nanoTime() - t0;
        });
    }

    // ------------------------------------------------------------------ figure 2

    void pipelined(int blocks, int n) throws Exception {
        byte[] batch = new byte[QUERY_STATUS.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(QUERY_STATUS, 0, batch, i * QUERY_STATUS.length, QUERY_STATUS.length);
        }
        comparison("2", "Pipelined throughput", f("pipelined, %,d in flight (calls/s)", n),
                List.of(this::coloPipelined, k -> rawPipelined(k, batch), this::rawPipelinedIds), blocks, n,
                f("`qmp.executeAsync(new QueryStatus())` %,d times back to back from one thread, then every future "
                + "awaited; the raw client writes its %,d lines in one `write`, then reads %,d reply lines. The rate is "
                + "calls divided by the time from the first send to the last reply of each block. QEMU's monitor runs "
                + "one command at a time, so its dispatch rate is the ceiling for all.", n, n, n));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private long coloPipelined(int n) throws Exception {
        CompletableFuture<StatusInfo>[] futures = new CompletableFuture[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            futures[i] = qmp.executeAsync(new QueryStatus());
        }
        long deadline = t0 + ROUND_DEADLINE.toNanos();
        for (CompletableFuture<StatusInfo> future : futures) {
            future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return System.nanoTime() - t0;
    }

    private long rawPipelinedIds(int n) throws IOException {
        byte[][] lines = linesWithIds(n, true);
        int length = 0;
        for (byte[] l : lines) {
            length += l.length;
        }
        byte[] batch = new byte[length];
        int at = 0;
        for (byte[] l : lines) {
            System.arraycopy(l, 0, batch, at, l.length);
            at += l.length;
        }
        return rawPipelined(n, batch);
    }

    private long rawPipelined(int n, byte[] batch) throws IOException {
        return raw.within(ROUND_DEADLINE, () -> {
            long t0 = System.nanoTime();
            raw.write(batch);
            for (int i = 0; i < n; i++) {
                raw.skipReply();
            }
            return System.nanoTime() - t0;
        });
    }

    // ------------------------------------------------------------------ figure 3

    void threads(int threads, Duration roundLength, int pipelinedN) throws Exception {
        Series total = new Series();
        Series pipelined = new Series();
        Series ratio = new Series();
        Series p50 = new Series();
        Series p99 = new Series();
        Series minShare = new Series();
        Series maxShare = new Series();
        int blocks = 4;
        Duration blockLength = roundLength.dividedBy(blocks);
        for (int round = -warmup; round < rounds; round++) {
            double[] t = sharedRound(threads, blockLength, blocks, pipelinedN, (round & 1) == 1);
            if (round >= 0) {
                total.add(t[0]);
                pipelined.add(t[5]);
                ratio.add(t[0] / t[5]);
                p50.add(t[1]);
                p99.add(t[2]);
                minShare.add(t[3]);
                maxShare.add(t[4]);
            }
        }
        log("figure 3 total " + total + "\n         pipelined " + pipelined + "\n         ratio " + ratio
                + "\n         p50 us " + p50 + "\n         p99 us " + p99 + "\n         shares " + minShare + " / " + maxShare);
        // A thread starves if it completes less than half of its fair share (1/threads) of the calls.
        boolean noStarvation = minShare.min() >= 0.5 / threads;
        boolean met = ratio.median() >= 0.9 && noStarvation;
        report.number("fig3.ratio", ratio.median());
        report.number("fig3.ratioMin", ratio.min());
        report.number("fig3.ratioMax", ratio.max());
        report.number("fig3.rounds", rounds);
        report.number("fig3.minShare", minShare.min());
        report.number("fig3.p50", p50.median());
        report.number("fig3.p99", p99.median());
        report.row(f("3. %d threads, one client: total (calls/s)", threads), total.format(0),
                "colo4j pipelined: " + pipelined.format(0), ratio.format(3), "≥ 0.9 × pipelined, no thread starves",
                Report.verdict(met));
        report.row(f("3. %d threads: latency p50 / p99 (µs)", threads), p50.format(0) + " / " + p99.format(0), "", "", "",
                "reported");
        report.section("### 3. Eight threads sharing one client\n\n"
                + f("Each round: 4 blocks in which %d threads each call `qmp.execute(new QueryStatus())` in a loop "
                + "for %d ms on one shared `QmpClient` (every call's latency recorded), alternating with 4 blocks of "
                + "colo4j's pipelined measurement (figure 2's, %,d in flight) as the reference. A thread starves if it "
                + "completes less than half of its fair share (1/%d of the calls). %d warm-up rounds, then %d "
                + "measured rounds.%n%n", threads, blockLength.toMillis(), pipelinedN, threads, warmup, rounds)
                + f("- total: %s calls/s; pipelined in the same rounds: %s calls/s%n", total.format(0), pipelined.format(0))
                + f("- total / pipelined per round: %s (target ≥ 0.9)%n", ratio.format(3))
                + f("- latency p50: %s µs, p99: %s µs (per round, over all threads' calls)%n", p50.format(0), p99.format(0))
                + f("- smallest thread share: %s %% of the calls, largest: %s %% (fair: %.1f %%): %s%n",
                pct(minShare), pct(maxShare), 100.0 / threads, noStarvation ? "no thread starves" : "**a thread starves**")
                + f("- verdict: %s%n", Report.verdict(met)));
    }

    private static String pct(Series share) {
        Series s = new Series();
        share.values().forEach(v -> s.add(v * 100));
        return s.format(1);
    }

    /**
     * One round of figure 3: {@code blocks} blocks of the shared client alternating with as many pipelined
     * blocks; returns {total calls/s, p50 µs, p99 µs, smallest share, largest share, pipelined calls/s}.
     */
    private double[] sharedRound(int threads, Duration blockLength, int blocks, int pipelinedN, boolean pipelinedFirst)
            throws Exception {
        int capacity = 1 << 18;
        long[][] latencies = new long[threads][capacity];
        int[] counts = new int[threads];
        long threadNanos = 0;
        long pipelinedNanos = 0;
        for (int b = 0; b < blocks; b++) {
            boolean pipelinedNow = ((b + (pipelinedFirst ? 1 : 0)) & 1) == 1;
            if (pipelinedNow) {
                pipelinedNanos += coloPipelined(pipelinedN);
            }
            threadNanos += sharedBlock(threads, blockLength, latencies, counts);
            if (!pipelinedNow) {
                pipelinedNanos += coloPipelined(pipelinedN);
            }
        }
        int all = Arrays.stream(counts).sum();
        long[] merged = new long[all];
        int at = 0;
        for (int w = 0; w < threads; w++) {
            System.arraycopy(latencies[w], 0, merged, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(merged);
        double min = Arrays.stream(counts).min().orElse(0) / (double) all;
        double max = Arrays.stream(counts).max().orElse(0) / (double) all;
        return new double[] {all * 1e9 / threadNanos, Series.percentileSorted(merged, all, 50) / 1e3,
                Series.percentileSorted(merged, all, 99) / 1e3, min, max, blocks * (double) pipelinedN * 1e9 / pipelinedNanos};
    }

    /** {@code threads} threads calling for {@code length}; latencies appended; returns the elapsed nanoseconds. */
    private long sharedBlock(int threads, Duration length, long[][] latencies, int[] counts) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        long[] stopAt = new long[1];
        for (int w = 0; w < threads; w++) {
            int id = w;
            workers[w] = new Thread(() -> {
                try {
                    ready.countDown();
                    go.await();
                    long[] lat = latencies[id];
                    int c = counts[id];
                    long end = stopAt[0];
                    long now = System.nanoTime();
                    while (now < end && c < lat.length) {
                        qmp.execute(new QueryStatus());
                        long after = System.nanoTime();
                        lat[c++] = after - now;
                        now = after;
                    }
                    counts[id] = c;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-worker-" + w);
            workers[w].start();
        }
        ready.await(10, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        stopAt[0] = t0 + length.toNanos();
        go.countDown();
        for (Thread t : workers) {
            t.join(ROUND_DEADLINE.toMillis());
        }
        long elapsed = System.nanoTime() - t0;
        if (failure.get() != null) {
            throw new IllegalStateException("a worker failed", failure.get());
        }
        return elapsed;
    }

    // ------------------------------------------------------------------ figure 4

    /** Bytes allocated per sequential call: {colo4j total, raw, then colo4j per thread name}. */
    Map<String, Series> allocation(int n) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        long caller = Thread.currentThread().getId();
        long[] ids = Arrays.copyOf(clientThreads, clientThreads.length + 1);
        ids[clientThreads.length] = caller;
        Map<Long, String> names = new LinkedHashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (long id : ids) {
                if (t.getId() == id) {
                    names.put(id, t == Thread.currentThread() ? "caller" : t.getName().replaceAll("-\\d+$", ""));
                }
            }
        }
        Map<String, Series> result = new LinkedHashMap<>();
        result.put("colo4j", new Series());
        result.put("raw", new Series());
        for (String name : names.values()) {
            result.putIfAbsent(name, new Series());
        }
        for (int round = -warmup; round < rounds; round++) {
            long[] before = mx.getThreadAllocatedBytes(ids);
            coloSequential(n);
            long[] after = mx.getThreadAllocatedBytes(ids);
            long rawBefore = mx.getThreadAllocatedBytes(caller);
            rawSequential(n);
            long rawAfter = mx.getThreadAllocatedBytes(caller);
            if (round >= 0) {
                long sum = 0;
                Map<String, Long> perName = new LinkedHashMap<>();
                for (int i = 0; i < ids.length; i++) {
                    long d = after[i] >= 0 && before[i] >= 0 ? after[i] - before[i] : 0;
                    sum += d;
                    perName.merge(names.getOrDefault(ids[i], "thread " + ids[i]), d, Long::sum);
                }
                result.get("colo4j").add(sum / (double) n);
                result.get("raw").add((rawAfter - rawBefore) / (double) n);
                perName.forEach((k, v) -> result.get(k).add(v / (double) n));
            }
        }
        log("figure 4 " + result);
        return result;
    }

    void reportAllocation(int n, Map<String, Series> measured, String before, String changes) {
        Series colo = measured.get("colo4j");
        report.number("fig4.bytes", colo.median());
        StringBuilder perThread = new StringBuilder();
        List<String> order = new ArrayList<>(List.of("caller", "colo4j-qmp-reader", "colo4j-qmp-events", "colo4j-qmp-deadlines"));
        measured.keySet().stream().filter(k -> !order.contains(k) && !k.equals("colo4j") && !k.equals("raw")).sorted()
                .forEach(order::add);
        for (String k : order) {
            if (measured.containsKey(k)) {
                perThread.append(f("  - %s: %s B/call%n", k, measured.get(k).format(0)));
            }
        }
        report.row("4. allocation per sequential call (bytes)", colo.format(0), measured.get("raw").format(0),
                "", "a stated figure, then reduced",
                before == null ? "stated" : f("met: %,d → %,.0f B", Benchmarks.ALLOCATION_BEFORE_BYTES, colo.median()));
        report.section("### 4. Allocation per call\n\n"
                + f("Measured with `com.sun.management.ThreadMXBean.getThreadAllocatedBytes`, summed over every thread "
                + "that works for the client during the calls: the calling thread (which also runs the benchmark "
                + "loop and `new QueryStatus()`), the connection's reader thread, its event dispatcher thread and "
                + "the shared deadline timer thread; divided by the calls. Each round is %,d sequential "
                + "`execute(new QueryStatus())` calls (figure 1's loop) after %d warm-up rounds. The raw client's "
                + "figure is its calling thread over the same number of calls.%n%n", n, warmup)
                + f("- colo4j: %s bytes per call, of which:%n%s", colo.format(0), perThread)
                + f("- raw client: %s bytes per call%n", measured.get("raw").format(0))
                + (before == null ? "" : f("- before the changes below: %s%n", before))
                + (changes == null ? "" : "\n" + changes + "\n"));
    }

    // ------------------------------------------------------------------ figure 6

    void coldStart() throws Exception {
        Series coloWall = new Series();
        Series rawWall = new Series();
        Series coloMain = new Series();
        Series coloInJvm = new Series();
        Series coloConnect = new Series();
        // One JVM start of each kind first, untimed, so the OS file cache is warm for both.
        coldOnce("colo4j");
        coldOnce("raw");
        for (int round = 0; round < rounds; round++) {
            double[] c;
            double[] r;
            if ((round & 1) == 0) {
                c = coldOnce("colo4j");
                r = coldOnce("raw");
            } else {
                r = coldOnce("raw");
                c = coldOnce("colo4j");
            }
            coloWall.add(c[0]);
            coloMain.add(c[1]);
            coloInJvm.add(c[2]);
            coloConnect.add(c[3]);
            rawWall.add(r[0]);
        }
        log("figure 6 colo4j " + coloWall + " main " + coloMain + " inJvm " + coloInJvm + "\n         raw " + rawWall);
        Series extra = new Series();
        List<Double> c = coloWall.values();
        List<Double> r = rawWall.values();
        for (int i = 0; i < c.size(); i++) {
            extra.add(c.get(i) - r.get(i));
        }
        report.number("fig6.colo", coloWall.median());
        report.number("fig6.raw", rawWall.median());
        report.number("fig6.connect", coloConnect.median());
        report.number("fig6.inJvm", coloInJvm.median());
        report.row("6. cold start: JVM start to first `query-status` reply (ms)", coloWall.format(0),
                rawWall.format(0), "+" + extra.format(0) + " ms", "≤ 300 ms", Report.verdict(coloWall.median() <= 300));
        report.section("### 6. Cold start\n\n"
                + "Each round starts a new JVM (`java -cp <the benchmark's classpath> org.colo4j.benchmarks.ColdStart`, "
                + "no JVM options) that connects to QEMU and prints the first `query-status` reply; the wall time runs "
                + "from just before `ProcessBuilder.start()` to the moment the parent reads that line. The raw variant "
                + "does the same with the raw client (greeting, `qmp_capabilities`, `query-status`), so the difference "
                + "is what loading colo4j (the client, Jackson) costs. colo4j connects through the JDK's own "
                + "unix-domain `SocketChannel` (junixsocket is loaded only by `executeWithFds`) and builds Jackson's "
                + "`ObjectMapper` only for a reply it cannot decode without data binding (`StatusInfo` is decoded "
                + "without it).\n\n"
                + f("- colo4j: %s ms wall; inside the JVM, `main` was entered %s ms after JVM start, "
                + "`QmpClient.connect` returned %s ms after that (greeting and `qmp_capabilities` done) and the "
                + "`query-status` reply arrived %s ms after `main` was entered%n", coloWall.format(0), coloMain.format(0),
                coloConnect.format(0), coloInJvm.format(0))
                + f("- raw client: %s ms wall%n", rawWall.format(0))
                + f("- colo4j's extra cost per round: %s ms%n", extra.format(0)));
    }

    /** {wall ms, ms from JVM start to main, ms from main to reply, ms from main to connected}. */
    private double[] coldOnce(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ColdStart.class.getName(), mode, coldSocket.toString());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("coldstart.err").toFile()));
        long t0 = System.nanoTime();
        Process p = Processes.track(pb.start());
        try {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String l = in.readLine();
                    return l;
                } catch (IOException e) {
                    return "error " + e;
                }
            });
            String first;
            long t1;
            first = line.get(60, TimeUnit.SECONDS);
            t1 = System.nanoTime();
            if (first == null || !first.startsWith("reply ")) {
                throw new IllegalStateException("cold start (" + mode + ") printed " + first + "; see "
                        + dir.resolve("coldstart.err") + ": " + Files.readString(dir.resolve("coldstart.err")));
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("cold start JVM did not exit");
            }
            String[] parts = first.split(" ");
            return new double[] {(t1 - t0) / 1e6, Double.parseDouble(parts[2]), Double.parseDouble(parts[3]),
                    Double.parseDouble(parts[4])};
        } finally {
            Processes.stop(p);
        }
    }

    // ------------------------------------------------------------------

    private static Set<Long> threadIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ids.add(t.getId());
        }
        return ids;
    }

    static void log(String s) {
        System.out.println("[bench] " + s);
        System.out.flush();
    }

    List<String> clientThreadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (long id : clientThreads) {
                if (t.getId() == id) {
                    names.add(t.getName());
                }
            }
        }
        return names;
    }

    @Override
    public void close() {
        qmp.close();
        raw.close();
        Processes.stop(qemu);
    }
}
