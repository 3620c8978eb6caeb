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
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders the fault suite's records as RELIABILITY.md: per scenario the runs, the successes, the
 * time the faulted call took to return (p50/p99, nearest rank; a call that never returned counts as
 * slower than any that did), the data checks that passed, what the calls ended with, and the most
 * frequent reason for a failed run; above the table the QEMU version, the date and the machine.
 */
final class ReliabilityReport {

    /** The system property naming the file to write ({@code -Pfaults} sets it to the repository's RELIABILITY.md). */
    static final String PROPERTY = "colo4j.faults.report";
    /** The command that writes the report, as the README gives it. */
    static final String COMMAND = "mvn -B verify -Pfaults -pl colo-api -am -DskipTests";

    /** The heading of the section colo-ha-zookeeper's HA fault suite writes at the end of the same file; kept as it is. */
    static final String HA_SECTION = "## Automatic HA under faults";

    private ReliabilityReport() {}

    /** Writes every record of this JVM to the file {@value #PROPERTY} names, if it names one. */
    static void writeIfRequested() {
        String target = System.getProperty(PROPERTY, "");
        List<FaultRecord> records = FaultLog.all();
        if (target.isBlank() || records.isEmpty()) {
            return;
        }
        String md = render(records, Machine.here(), Instant.now());
        try {
            // colo-ha-zookeeper's HA fault suite owns the file's last section: keep it.
            Path file = Path.of(target);
            String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            int ha = old.indexOf(HA_SECTION);
            if (ha >= 0) {
                md = md + "\n" + old.substring(ha);
            }
            Files.writeString(file, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** The whole document. */
    static String render(List<FaultRecord> records, Machine machine, Instant date) {
        StringBuilder b = new StringBuilder();
        b.append("# colo4j reliability under faults\n\n");
        b.append("Written by `").append(COMMAND).append("` (the `*FaultIT` classes of colo-api, package")
                .append(" `org.colo4j.fault`): each run starts a fresh COLO pair whose nodes run in two network namespaces")
                .append(" joined by a veth pair, injects the fault, and checks that the faulted call returns within ")
                .append(FaultRuns.bound().toSeconds()).append(" s with success or a `ColoException`, that the survivor runs")
                .append(" alone in `ColoPair.status()`, and that a pattern written with `qemu-io` reads back on it.")
                .append(" A run succeeds only if every check holds.\n\n");
        b.append("## Machine\n\n");
        b.append("- date: ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(date))
                .append('\n');
        b.append("- QEMU: ").append(machine.qemu()).append('\n');
        b.append("- CPUs (nproc): ").append(machine.cpus()).append(machine.cpuModel().isEmpty() ? "" : ", " + machine.cpuModel())
                .append('\n');
        b.append("- kernel: ").append(machine.kernel()).append('\n');
        b.append("- KVM: ").append(machine.kvm()).append('\n');
        b.append("- JDK: ").append(machine.jdk()).append('\n');
        b.append("- guest: ").append(machine.guest()).append('\n');
        b.append("- runs per scenario: ").append(FaultRuns.runsSet() ? Integer.toString(FaultRuns.runs(0))
                : "CI defaults (" + FaultRuns.CI_KILL_RUNS + " per kill scenario, 1 or 2 for the others)")
                .append("; bound ").append(FaultRuns.bound().toSeconds()).append(" s; random seed ").append(FaultRuns.seed())
                .append(" (`-D").append(FaultRuns.SEED).append("=...` replays the kill moments)\n\n");
        b.append("## Results\n\n");
        b.append("| scenario | runs | successes | time to return p50 | p99 | data checks passed | outcomes | most frequent failure |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (Map.Entry<String, List<FaultRecord>> e : byScenario(records).entrySet()) {
            b.append(row(e.getKey(), e.getValue())).append('\n');
        }
        b.append("\nTime to return: from the faulted call (failover, `start()`, `resumeReplication`, `ColoPair.connect`)")
                .append(" to its return or exception, including returns after the bound; `never` means it had not returned")
                .append(" ").append(FaultRuns.rescueWait().toSeconds()).append(" s after the test undid the fault (a node killed,")
                .append(" the link healed) or after the bound when there was nothing to undo. Outcomes: how the faulted call ended (`ok`, the exception's")
                .append(" class, `no return` within the bound, `not reached` if the run failed before it).\n");
        return b.toString();
    }

    /** One table row. */
    static String row(String scenario, List<FaultRecord> runs) {
        long passed = runs.stream().filter(FaultRecord::passed).count();
        List<FaultRecord> called = runs.stream().filter(r -> !r.outcome().equals("not reached")).toList();
        long checked = runs.stream().filter(r -> r.dataCheck() != null).count();
        long intact = runs.stream().filter(r -> Boolean.TRUE.equals(r.dataCheck())).count();
        return "| " + scenario + " | " + runs.size() + " | " + passed + " | " + percentile(called, 50) + " | "
                + percentile(called, 99) + " | " + intact + "/" + checked + " | " + tally(runs, FaultRecord::outcome) + " | "
                + mostFrequentFailure(runs) + " |";
    }

    /**
     * The {@code p}th percentile (nearest rank) of the runs' times to return, e.g. {@code 42 ms} or
     * {@code 12.3 s}; {@code never} when it falls on a run whose call never returned; {@code -} for no runs.
     */
    static String percentile(List<FaultRecord> runs, int p) {
        if (runs.isEmpty()) {
            return "-";
        }
        List<Long> times = new ArrayList<>();
        for (FaultRecord r : runs) {
            times.add(r.returnMillis() == null ? Long.MAX_VALUE : r.returnMillis());
        }
        times.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * times.size());
        long t = times.get(Math.max(0, rank - 1));
        if (t == Long.MAX_VALUE) {
            return "never";
        }
        return t < 10_000 ? t + " ms" : String.format(Locale.ROOT, "%.1f s", t / 1000.0);
    }

    private static Map<String, List<FaultRecord>> byScenario(List<FaultRecord> records) {
        Map<String, List<FaultRecord>> m = new LinkedHashMap<>();
        for (FaultRecord r : records) {
            m.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    private static String tally(List<FaultRecord> runs, Function<FaultRecord, String> key) {
        Map<String, Long> counts = runs.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + "× " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static String mostFrequentFailure(List<FaultRecord> runs) {
        return runs.stream().filter(r -> !r.passed() && r.failure() != null)
                .collect(Collectors.groupingBy(r -> shorten(r.failure()), LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> e.getValue() + "×: " + e.getKey()).orElse("");
    }

    /** A failure's first line cut to 160 characters, table-safe. */
    static String shorten(String failure) {
        String s = failure.replace('|', '/').strip();
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }

    /**
     * What the report says about the host.
     *
     * @param qemu {@code qemu-system-x86_64 --version}'s first line
     * @param cpus the CPUs this JVM may use
     * @param cpuModel /proc/cpuinfo's model name, or empty
     * @param kernel the kernel release
     * @param kvm whether /dev/kvm is usable
     * @param jdk the JDK
     * @param guest what the pairs' guests booted
     */
    record Machine(String qemu, int cpus, String cpuModel, String kernel, String kvm, String jdk, String guest) {

        static Machine here() {
            Ip.Result v = Ip.tryRun(List.of("qemu-system-x86_64", "--version"));
            String qemu = v.exit() == 0 ? v.output().lines().findFirst().orElse("?") : "? (" + v.output().strip() + ")";
            String model = "";
            try {
                model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("");
            } catch (IOException | RuntimeException ignored) {
                // not Linux, or not readable: leave it out
            }
            return new Machine(qemu, Runtime.getRuntime().availableProcessors(), model,
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    FaultSupport.kvmUsable() ? "/dev/kvm usable" : "/dev/kvm not usable",
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    GuestImage.fromProperty().toString());
        }
    }
}
