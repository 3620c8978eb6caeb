package org.colo4j.benchmarks;

import static org.colo4j.benchmarks.Report.f;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.LoopbackPorts;
import org.colo4j.ColoPlan;
import org.colo4j.ColoStep;
import org.colo4j.FailoverReport;
import org.colo4j.QemuCommandLine;
import org.colo4j.QemuLauncher;
import org.colo4j.Role;
import org.colo4j.StartReport;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpException;

/**
 * Figure 5: a real COLO pair on loopback (primary 127.0.0.1, secondary 127.0.0.2, KVM, 128 MiB, one
 * 64 MiB disk, one NIC), started and failed over by {@link ColoPair}, against an identical fresh pair
 * driven by the raw client with the same QMP commands, taken from {@code spec.plan()}. Every round
 * uses fresh QEMUs and images for each side; the order alternates.
 */
final class ColoBench {

    static final long DISK_SIZE = 64L << 20;
    private static final Duration SETTLE = Duration.ofMillis(1000);
    private static final Duration RAW_DEADLINE = Duration.ofSeconds(90);
    private static final Duration RAW_POLL = Duration.ofMillis(5);
    private static final Pattern PLACEHOLDER = Pattern.compile("<node of ([^>]+)>");
    private static final Pattern TIMESTAMP = Pattern.compile("\"seconds\": (\\d+), \"microseconds\": (\\d+)");
    private static final Duration CHECKPOINT_WAIT = Duration.ofSeconds(5);

    private final Path dir;
    private final int rounds;
    private final Report report;
    private final QemuImg img = QemuImg.onPath();

    /** Figure 5 runs {@code 2 * rounds + 1} rounds: a failover is short and QEMU's share of it varies a lot. */
    ColoBench(Path dir, int rounds, Report report) {
        this.dir = dir;
        this.rounds = 2 * rounds + 1;
        this.report = report;
    }

    static boolean kvmUsable() {
        File kvm = new File("/dev/kvm");
        return kvm.exists() && kvm.canRead() && kvm.canWrite();
    }

    /** {start() wall, StartReport.total, failover wall, failover QMP step time, start QMP step time}, ms. */
    private double[] coloRound(String name) throws IOException {
        Live live = Live.create(dir.resolve(name), img);
        try {
            live.launch();
            try (ColoPair pair = ColoPair.connect(live.spec)) {
                long t0 = System.nanoTime();
                StartReport start = pair.start();
                long startWall = System.nanoTime() - t0;
                sleep(SETTLE);
                // Kill the primary just after a checkpoint, so that no checkpoint is under way in the failover.
                try {
                    pair.qmp(Role.PRIMARY).awaitEvent("RESUME", e -> true, CHECKPOINT_WAIT);
                } catch (QmpException e) {
                    QmpBench.log("colo4j: no checkpoint seen within " + CHECKPOINT_WAIT + ", killing the primary anyway");
                }
                live.primary.kill();
                long t1 = System.nanoTime();
                FailoverReport failover = pair.failover().onSecondary();
                long failoverWall = System.nanoTime() - t1;
                QmpBench.log("colo4j failover steps ms: " + failover.steps().stream()
                        .map(st -> String.format(java.util.Locale.ROOT, "%.2f", st.duration().toNanos() / 1e6)).toList());
                if (!failover.status().isRunningAlone()) {
                    throw new IllegalStateException("the secondary is not running alone after failover: " + failover);
                }
                double startSteps = start.steps().stream().mapToLong(st -> st.duration().toNanos()).sum() / 1e6;
                return new double[] {startWall / 1e6, start.total().toNanos() / 1e6, failoverWall / 1e6,
                        failover.qmpTime().toNanos() / 1e6, startSteps};
            }
        } finally {
            live.close();
        }
    }

    /** {start to COLO, failover wall, failover QMP step time, start QMP step time}, ms. */
    private double[] rawRound(String name) throws IOException {
        Live live = Live.create(dir.resolve(name), img);
        try {
            live.launch();
            ColoPlan plan = live.spec.plan();
            List<ColoStep> secondaryStart = plan.phase("start: secondary").orElseThrow().steps();
            List<ColoStep> primaryStart = plan.phase("start: primary").orElseThrow().steps();
            List<ColoStep> failover = plan.phase("failover on the secondary (the primary died)").orElseThrow().steps();
            try (RawQmp s = RawQmp.connect(live.secondarySocket(), Duration.ofSeconds(10));
                 RawQmp p = RawQmp.connect(live.primarySocket(), Duration.ofSeconds(10))) {
                long[] startSteps = new long[1];
                long t0 = System.nanoTime();
                long startNanos = s.within(RAW_DEADLINE, () -> p.within(RAW_DEADLINE, () -> {
                    String queryBlock = s.call("{\"execute\":\"query-block\"}");
                    for (ColoStep step : secondaryStart) {
                        String json = resolve(step, queryBlock);
                        long ts = System.nanoTime();
                        expectReturn(step, s.call(json));
                        startSteps[0] += System.nanoTime() - ts;
                    }
                    for (ColoStep step : primaryStart) {
                        String json = resolve(step, queryBlock);
                        long ts = System.nanoTime();
                        expectReturn(step, p.call(json));
                        startSteps[0] += System.nanoTime() - ts;
                    }
                    long deadline = System.nanoTime() + RAW_DEADLINE.toNanos();
                    while (!(p.call("{\"execute\":\"query-colo-status\"}").contains("\"mode\": \"primary\"")
                            && s.call("{\"execute\":\"query-colo-status\"}").contains("\"mode\": \"secondary\"")
                            && p.call("{\"execute\":\"query-status\"}").contains("\"status\": \"running\""))) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("raw: the pair did not reach COLO");
                        }
                        sleep(RAW_POLL);
                    }
                    return System.nanoTime() - t0;
                }));
                sleep(SETTLE);
                awaitCheckpoint(p);
                live.primary.kill();
                long[] steps = new long[1];
                List<String> each = new ArrayList<>();
                long t1 = System.nanoTime();
                long failoverNanos = s.within(RAW_DEADLINE, () -> {
                    for (ColoStep step : failover) {
                        long ts = System.nanoTime();
                        String reply = s.call(step.describe());
                        if (!reply.startsWith("{\"return\"") && (step.alreadyDone() == null || !reply.contains(step.alreadyDone()))) {
                            throw new IOException("raw failover step " + step + " failed: " + reply);
                        }
                        steps[0] += System.nanoTime() - ts;
                        each.add(String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - ts) / 1e6));
                    }
                    long deadline = System.nanoTime() + RAW_DEADLINE.toNanos();
                    while (!(s.call("{\"execute\":\"query-colo-status\"}").contains("\"mode\": \"none\"")
                            && s.call("{\"execute\":\"query-status\"}").contains("\"status\": \"running\""))) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("raw: the secondary did not run alone after failover");
                        }
                        sleep(RAW_POLL);
                    }
                    return System.nanoTime() - t1;
                });
                QmpBench.log("raw failover steps ms: " + each);
                return new double[] {startNanos / 1e6, failoverNanos / 1e6, steps[0] / 1e6, startSteps[0] / 1e6};
            }
        } finally {
            live.close();
        }
    }

    /**
     * Reads the primary's lines until a RESUME event stamped after this call (the end of the next
     * checkpoint); older events are still queued on the socket and are skipped by their timestamp.
     */
    private static void awaitCheckpoint(RawQmp primary) {
        long since = System.currentTimeMillis() * 1000;
        try {
            primary.within(CHECKPOINT_WAIT, () -> {
                while (true) {
                    String line = primary.readLine();
                    Matcher m = TIMESTAMP.matcher(line);
                    if (line.contains("\"event\": \"RESUME\"") && m.find()
                            && Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) >= since) {
                        return null;
                    }
                }
            });
        } catch (IOException e) {
            QmpBench.log("raw: no checkpoint seen within " + CHECKPOINT_WAIT + " (" + e.getMessage()
                    + "), killing the primary anyway");
        }
    }

    static String resolve(ColoStep step, String queryBlock) throws IOException {
        String json = step.describe();
        Matcher m = PLACEHOLDER.matcher(json);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(nodeName(queryBlock, m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The node name QEMU gave drive {@code device}, read from query-block's text (no JSON mapping):
     * the {@code node-name} of its {@code inserted} member, not one of the {@code children} that
     * QEMU 11 lists before it ({@code [{"node-name": "#block096", "child": "file"}]}, the protocol node).
     */
    private static String nodeName(String queryBlock, String device) throws IOException {
        int at = queryBlock.indexOf("\"device\": \"" + device + "\"");
        if (at < 0) {
            throw new IOException("no device " + device + " in " + queryBlock);
        }
        int next = queryBlock.indexOf("\"device\": \"", at + 1);
        String entry = CHILDREN.matcher(queryBlock.substring(at, next < 0 ? queryBlock.length() : next)).replaceAll("");
        int node = entry.indexOf("\"node-name\": \"");
        if (node < 0) {
            throw new IOException("no node name for " + device + " in " + queryBlock);
        }
        int start = node + "\"node-name\": \"".length();
        return entry.substring(start, entry.indexOf('"', start));
    }

    private static final Pattern CHILDREN = Pattern.compile("\"children\": \\[[^\\]]*\\]");

    private static void expectReturn(ColoStep step, String reply) throws IOException {
        if (!reply.startsWith("{\"return\"")) {
            throw new IOException("raw step " + step + " failed: " + reply);
        }
    }

    void run() throws IOException {
        if (!kvmUsable()) {
            report.row("5. failover / start", "skipped", "skipped", "", "", "not measured: /dev/kvm is not usable");
            report.section("### 5. Failover and start\n\nSkipped: /dev/kvm is not usable, and QEMU 7.2 deadlocks at the "
                    + "first COLO checkpoint under TCG.\n");
            return;
        }
        Series startWall = new Series();
        Series startTotal = new Series();
        Series rawStart = new Series();
        Series startRatio = new Series();
        Series failWall = new Series();
        Series rawFail = new Series();
        Series failRatio = new Series();
        Series failSteps = new Series();
        Series rawSteps = new Series();
        Series stepsRatio = new Series();
        Series startSteps = new Series();
        Series rawStartSteps = new Series();
        Series startStepsRatio = new Series();
        double[] firstColo = null;
        double[] firstRaw = null;
        for (int round = -1; round < rounds; round++) {
            double[] c;
            double[] r;
            String tag = round < 0 ? "warmup" : Integer.toString(round);
            if ((round & 1) == 0) {
                c = coloRound("colo4j-" + tag);
                r = rawRound("raw-" + tag);
            } else {
                r = rawRound("raw-" + tag);
                c = coloRound("colo4j-" + tag);
            }
            QmpBench.log(f("figure 5 round %s: colo4j start %.1f (total %.1f, steps %.1f) failover %.1f (steps %.1f); "
                    + "raw start %.1f (steps %.1f) failover %.1f (steps %.1f)", tag, c[0], c[1], c[4], c[2], c[3], r[0], r[3],
                    r[1], r[2]));
            if (round < 0) {
                firstColo = c;
                firstRaw = r;
                continue;
            }
            startWall.add(c[0]);
            startTotal.add(c[1]);
            rawStart.add(r[0]);
            startRatio.add(c[1] / r[0]);
            failWall.add(c[2]);
            failSteps.add(c[3]);
            rawFail.add(r[1]);
            rawSteps.add(r[2]);
            failRatio.add(c[2] / r[1]);
            stepsRatio.add(c[3] / r[2]);
            startSteps.add(c[4]);
            rawStartSteps.add(r[3]);
            startStepsRatio.add(c[4] / r[3]);
        }
        // The two pairs of a round are different QEMUs run one after the other, not interleaved calls on one
        // QEMU as in figures 1-3, so a round's two timings are hardly paired: the verdict compares the medians,
        // and the per-round ratios are shown for their spread.
        double failByMedians = failWall.median() / rawFail.median();
        double startByMedians = startTotal.median() / rawStart.median();
        double stepsByMedians = failSteps.median() / rawSteps.median();
        double startStepsByMedians = startSteps.median() / rawStartSteps.median();
        boolean failMet = failByMedians <= 1.10;
        report.number("fig5.failRatio", failByMedians);
        report.number("fig5.failStepsRatio", stepsByMedians);
        report.number("fig5.failRatioMin", failRatio.min());
        report.number("fig5.failRatioMax", failRatio.max());
        report.number("fig5.startRatioMin", startRatio.min());
        report.number("fig5.startRatioMax", startRatio.max());
        report.number("fig5.failColo", failWall.median());
        report.number("fig5.failRaw", rawFail.median());
        report.number("fig5.rounds", rounds);
        report.number("fig5.startRatio", startByMedians);
        report.number("fig5.startStepsRatio", startStepsByMedians);
        report.number("fig5.startColo", startTotal.median());
        report.number("fig5.startRaw", rawStart.median());
        report.number("fig5.startWall", startWall.median());
        boolean startMet = startByMedians <= 1.10;
        report.row("5. failover `onSecondary()` wall time (ms)", failWall.format(1), rawFail.format(1),
                byMedians(failByMedians, failRatio), "≤ 1.10", Report.verdict(failMet));
        report.row("5. failover: QMP steps only (ms)", failSteps.format(1), rawSteps.format(1),
                byMedians(stepsByMedians, stepsRatio),
                "(diagnostic)", "");
        report.row("5. start: first command to COLO (ms)", startTotal.format(0), rawStart.format(0),
                byMedians(startByMedians, startRatio), "≤ 1.10 (as for failover)", Report.verdict(startMet));
        report.row("5. start: QMP steps only (ms)", startSteps.format(1), rawStartSteps.format(1),
                byMedians(startStepsByMedians, startStepsRatio), "(diagnostic)", "");
        report.row("5. start: `start()` wall, preflight included (ms)", startWall.format(0), "", "", "report it", "reported");
        report.section("### 5. Failover and start on a real COLO pair\n\n"
                + "Each round starts two identical fresh pairs (new images, new free ports, new QEMUs): primary on "
                + "127.0.0.1, secondary on 127.0.0.2, `-accel kvm`, 128 MiB, one 64 MiB qcow2 disk, one `-netdev user` "
                + "NIC with the COLO proxy, checkpoint delay 500 ms. One pair is driven by `ColoPair`, the other by the "
                + "raw client with the commands of `spec.plan()` (`ColoStep.describe()`; the secondary's parent node "
                + "name for `block-export-add` is read from the raw `query-block` reply text). On each: start, wait "
                + f("%d ms, wait for the end of the next checkpoint (the primary's RESUME event) so that none is under way, "
                + "SIGKILL the primary, fail over on the secondary. %d measured rounds after one warm-up round of each; "
                + "the order alternates.%n%n", SETTLE.toMillis(), rounds)
                + "The verdicts compare the medians of the two sides: a round's two pairs are different QEMUs run one "
                + "after the other, so unlike figures 1–3 its two timings are hardly paired; the per-round ratios are "
                + "given for their spread.\n\n"
                + "What each side does:\n\n"
                + "- **failover, colo4j**: `pair.failover().onSecondary()`: the plan's steps (`nbd-server-stop`, "
                + "`x-colo-lost-heartbeat`, `object-del` f2/f1, `chardev-remove` red1/red0), then `query-status`, "
                + "`query-colo-status` and `query-migrate` (sent together, answered back to back) until the secondary "
                + "runs alone (COLO mode none, running), re-checked on every event from the secondary and every 5 ms; "
                + "the last check is the report's status.\n"
                + "- **failover, raw**: the same steps, then `query-colo-status` and `query-status` until the same "
                + f("condition, %d ms between polls.%n", RAW_POLL.toMillis())
                + "- **start, colo4j**: `pair.start()`; its `StartReport.total()` runs from the first command "
                + "(`query-block`) to both nodes reporting COLO and the primary running (re-checked on every event from either node and every 10 ms); "
                + "the wall time of `start()` adds the preflight (both QEMUs' `query-qmp-schema`, run states, disk "
                + "sizes, chardevs) and the final status.\n"
                + "- **start, raw**: `query-block`, the plan's start steps on each node, then `query-colo-status` on both "
                + f("and the primary's `query-status` until the same condition, %d ms between polls.%n%n", RAW_POLL.toMillis())
                + f("- failover wall time: colo4j %s ms, raw %s ms, ratio %s (target ≤ 1.10: %s)%n", failWall.format(1),
                rawFail.format(1), byMedians(failByMedians, failRatio), Report.verdict(failMet))
                + f("- failover, the QMP steps alone: colo4j %s ms (`FailoverReport.qmpTime()`), raw %s ms, ratio %s%n",
                failSteps.format(1), rawSteps.format(1), byMedians(stepsByMedians, stepsRatio))
                + f("- start, first command to COLO: colo4j %s ms, raw %s ms, ratio %s (%s)%n", startTotal.format(0),
                rawStart.format(0), byMedians(startByMedians, startRatio), Report.verdict(startMet))
                + f("- start, the QMP steps alone (sum of `StartReport.steps()` durations; raw: the same commands, "
                + "`query-block` excluded on both sides): colo4j %s ms, raw %s ms, ratio %s%n", startSteps.format(1),
                rawStartSteps.format(1), byMedians(startStepsByMedians, startStepsRatio))
                + f("- `start()` wall time including preflight: %s ms%n", startWall.format(0))
                + f("- the warm-up round (the first of each in this JVM, so colo4j pays for loading and first use of "
                + "the failover command classes and their serializers): colo4j failover %.1f ms, raw %.1f ms; colo4j "
                + "start total %.0f ms, raw %.0f ms%n", firstColo[2], firstRaw[1], firstColo[1], firstRaw[0]));
    }

    /** {@code 1.06 (medians); per round 1.13 (0.66–1.40)}. */
    private static String byMedians(double ratio, Series perRound) {
        return f("%.2f (medians); per round %s", ratio, perRound.format(2));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One pair's images, spec and processes. */
    private static final class Live implements AutoCloseable {
        final ColoPairSpec spec;
        final Path dir;
        final List<QemuLauncher> launchers = new ArrayList<>();
        QemuLauncher primary;

        private Live(Path dir, ColoPairSpec spec) {
            this.dir = dir;
            this.spec = spec;
        }

        static Live create(Path dir, QemuImg img) throws IOException {
            Files.createDirectories(dir);
            Path primaryImage = dir.resolve("primary0.qcow2");
            img.create(primaryImage, ImageFormat.QCOW2, DISK_SIZE, false);
            Path parent = dir.resolve("secondary-parent0.qcow2");
            Files.copy(primaryImage, parent);
            Path active = dir.resolve("secondary-active0.qcow2");
            Path hidden = dir.resolve("secondary-hidden0.qcow2");
            img.create(active, ImageFormat.QCOW2, DISK_SIZE, false);
            img.create(hidden, ImageFormat.QCOW2, DISK_SIZE, false);
            ColoPairSpec spec = ColoPairSpec.builder()
                    .primary(ColoNode.builder().name("primary").address("127.0.0.1")
                            .qmp(QmpEndpoint.unix(dir.resolve("primary.qmp")))
                            .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                    .secondary(ColoNode.builder().name("secondary").address("127.0.0.2")
                            .qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")))
                            .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                    .machine(QemuCommandLine.builder().accel("kvm").memoryMiB(128).build())
                    .portPlan(PortPlan.of(LoopbackPorts.freeRange(10), 10))
                    .checkpointDelay(Duration.ofMillis(500))
                    .disk(ColoDisk.builder().primaryImage(primaryImage).secondaryImage(parent).activeImage(active)
                            .hiddenImage(hidden).build())
                    .nic(ColoNic.builder().netdev("hn0").model(NicModel.RTL8139).build())
                    .build();
            return new Live(dir, spec);
        }

        Path primarySocket() {
            return ((QmpEndpoint.Unix) spec.primary().qmp()).path();
        }

        Path secondarySocket() {
            return ((QmpEndpoint.Unix) spec.secondary().qmp()).path();
        }

        /** The primary first, so the secondary's red0/red1 find its proxy servers listening (as LivePair). */
        void launch() {
            primary = Processes.track(QemuLauncher.start(spec.primaryArgv(), spec.primary().qmp(), dir.resolve("primary.log")));
            launchers.add(primary);
            launchers.add(Processes.track(QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(),
                    dir.resolve("secondary.log"))));
        }

        @Override
        public void close() {
            launchers.forEach(Processes::stop);
        }
    }




}
