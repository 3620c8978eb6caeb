package org.colo4j.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every {@link HaRecord} of this JVM, and the "Automatic HA" section of RELIABILITY.md rendered from
 * them: written in place of the file's old section (everything from {@value #HEADING} to the end), so
 * colo-api's fault table above it stays.
 */
final class HaReport {

    static final String HEADING = ReliabilityReport.HA_SECTION;
    static final String COMMAND = "mvn -B verify -Pha-faults -pl colo-ha-zookeeper -am -DskipTests";
    private static final List<HaRecord> RECORDS = new ArrayList<>();

    private HaReport() {}

    static synchronized void add(HaRecord r) {
        RECORDS.add(r);
    }

    static synchronized List<HaRecord> all() {
        return List.copyOf(RECORDS);
    }

    /** Rewrites the section in the file {@value ReliabilityReport#PROPERTY} names, if it names one and runs were recorded. */
    static void writeIfRequested() {
        String target = System.getProperty(ReliabilityReport.PROPERTY, "");
        List<HaRecord> records = all();
        if (target.isBlank() || records.isEmpty()) {
            return;
        }
        Path file = Path.of(target);
        try {
            String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            int at = old.indexOf(HEADING);
            String head = at < 0 ? old : old.substring(0, at);
            if (!head.isEmpty() && !head.endsWith("\n\n")) {
                head = head.stripTrailing() + "\n\n";
            }
            Files.writeString(file, head + render(records, Instant.now(), load()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** The section. */
    static String render(List<HaRecord> records, Instant date, String load) {
        StringBuilder b = new StringBuilder(HEADING).append("\n\n");
        b.append("Written by `").append(COMMAND).append("` (`InProcessGuardFaultIT`, `ZooKeeperAgentsFaultIT` of")
                .append(" colo-ha-zookeeper, on colo-api's fault harness): each run starts a fresh COLO pair in two network")
                .append(" namespaces with the counter guest writing, writes a pattern with `qemu-io` between two checkpoints, reads the guest's")
                .append(" counter, waits for a checkpoint, starts the guard(s), injects the fault and waits for a guard to")
                .append(" fail over by itself. Then it queries BOTH QEMUs (a frozen one after thawing it): the guest must run")
                .append(" on exactly one node; and the pattern and at least the counter read before the checkpoint must read")
                .append(" back on the survivor. Recover: from the fault to the guard's `FailedOver` (the survivor runs alone);")
                .append(" failover QMP sequence: the part of it that was the failover's own QMP commands (`FailoverReport.total()`:")
                .append(" `x-colo-lost-heartbeat` and the teardown around it, what a user sending them by hand would wait for).\n\n");
        b.append("- date: ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(date))
                .append("; load average at the end: ").append(load).append('\n');
        b.append("- shapes: one controller with `InProcessArbiter` (guard defaults: probe every 250 ms, timeout 1 s;")
                .append(" checkpoint delay 200 ms, stall after 4 delays, never under the probe timeout); one agent per node with")
                .append(" `ZooKeeperArbiter` (session timeout ").append(HaScenario.SESSION.toMillis())
                .append(" ms, a real ZooKeeper server reached through a third namespace, so isolating a node cuts its agent's")
                .append(" session too)\n\n");
        b.append("| scenario | runs | passed | exactly one running | split brain | data verified | recover p50 | p99 | target |"
                + " failover QMP sequence p50 | p99 |")
                .append(" most frequent failure |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        Map<String, List<HaRecord>> by = records.stream()
                .collect(Collectors.groupingBy(HaRecord::scenario, LinkedHashMap::new, Collectors.toList()));
        by.forEach((scenario, runs) -> b.append(row(scenario, runs)).append('\n'));
        b.append("\nSplit brain: runs in which both QEMUs ran the guest at the end (must be 0). A run that did not recover")
                .append(" counts as `never` in the percentiles.\n");
        return b.toString();
    }

    static String row(String scenario, List<HaRecord> runs) {
        long passed = runs.stream().filter(HaRecord::passed).count();
        long one = runs.stream().filter(r -> r.running() == 1).count();
        long split = runs.stream().filter(HaRecord::splitBrain).count();
        long checked = runs.stream().filter(r -> r.dataVerified() != null).count();
        long verified = runs.stream().filter(r -> Boolean.TRUE.equals(r.dataVerified())).count();
        List<Long> times = runs.stream().map(r -> r.recoverMillis() == null ? Long.MAX_VALUE : r.recoverMillis()).sorted().toList();
        long target = runs.get(0).targetMillis();
        List<Long> sequence = runs.stream().filter(r -> r.failoverMillis() != null).map(HaRecord::failoverMillis).sorted().toList();
        String failure = runs.stream().filter(r -> !r.passed() && r.failure() != null)
                .collect(Collectors.groupingBy(r -> ReliabilityReport.shorten(r.failure()), LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getValue() + "×: " + e.getKey()).orElse("");
        return "| " + scenario + " | " + runs.size() + " | " + passed + " | " + one + "/" + runs.size() + " | " + split + " | "
                + verified + "/" + checked + " | " + percentile(times, 50) + " | " + percentile(times, 99) + " | ≤ " + target
                + " ms | " + percentile(sequence, 50) + " | " + percentile(sequence, 99) + " | " + failure + " |";
    }

    /** Nearest rank; {@code never} for a run that did not recover. */
    static String percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        long t = sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        return t == Long.MAX_VALUE ? "never" : t + " ms";
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
