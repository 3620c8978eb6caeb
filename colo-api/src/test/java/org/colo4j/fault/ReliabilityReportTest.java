package org.colo4j.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilityReportTest {

    private static FaultRecord ok(String scenario, long millis) {
        return new FaultRecord(scenario, 0, "", true, millis, true, "ok", true, null);
    }

    @Test
    void percentilesUseTheNearestRankAndCountANeverReturningCallAsSlowest() {
        List<FaultRecord> runs = new ArrayList<>();
        for (long ms = 1; ms <= 100; ms++) {
            runs.add(ok("s", ms));
        }
        assertThat(ReliabilityReport.percentile(runs, 50)).isEqualTo("50 ms");
        assertThat(ReliabilityReport.percentile(runs, 99)).isEqualTo("99 ms");

        runs.set(0, new FaultRecord("s", 0, "", false, null, false, "no return", null, "hung"));
        assertThat(ReliabilityReport.percentile(runs, 99)).isEqualTo("100 ms");
        runs.set(1, new FaultRecord("s", 1, "", false, null, false, "no return", null, "hung"));
        assertThat(ReliabilityReport.percentile(runs, 99)).isEqualTo("never");
        assertThat(ReliabilityReport.percentile(List.of(ok("s", 12_345)), 50)).isEqualTo("12.3 s");
        assertThat(ReliabilityReport.percentile(List.of(), 50)).isEqualTo("-");
    }

    @Test
    void aRowCountsSuccessesDataChecksOutcomesAndTheMostFrequentFailure() {
        List<FaultRecord> runs = List.of(
                ok("frozen", 20),
                new FaultRecord("frozen", 1, "", false, 10_100L, false, "no return", null, "onPrimary() did not return within 10 s"),
                new FaultRecord("frozen", 2, "", false, 10_200L, false, "no return", null, "onPrimary() did not return within 10 s"),
                new FaultRecord("frozen", 3, "", false, 30L, true, "ok", false, "pattern | did not read back"),
                new FaultRecord("frozen", 4, "", false, null, false, "not reached", null, "start failed"));
        String row = ReliabilityReport.row("frozen", runs);
        // Times of the four runs that reached the call: 20, 30, 10,100 and 10,200 ms.
        assertThat(row).isEqualTo("| frozen | 5 | 1 | 30 ms | 10.2 s | 1/2 | 2× ok, 2× no return, 1× not reached"
                + " | 2×: onPrimary() did not return within 10 s |");
    }

    @Test
    void theDocumentNamesTheMachineTheCommandAndEveryScenarioOnce() {
        ReliabilityReport.Machine m = new ReliabilityReport.Machine("QEMU emulator version 7.2.22", 2, "Xeon", "Linux 6.1",
                "/dev/kvm usable", "OpenJDK 17", "blank 64 MiB disk");
        String md = ReliabilityReport.render(List.of(ok("a", 5), ok("b", 7), ok("a", 9)), m, Instant.parse("2026-11-29T12:00:00Z"));
        assertThat(md).contains("- date: 2026-11-29 12:00 UTC", "- QEMU: QEMU emulator version 7.2.22", "- CPUs (nproc): 2, Xeon",
                "- kernel: Linux 6.1", "- KVM: /dev/kvm usable", ReliabilityReport.COMMAND,
                "| a | 2 | 2 | 5 ms | 9 ms | 2/2 | 2× ok |  |", "| b | 1 | 1 | 7 ms | 7 ms | 1/1 | 1× ok |  |");
        assertThat(md.indexOf("| a |")).isLessThan(md.indexOf("| b |"));
    }

    @Test
    void aFailureIsCutToOneTableSafeCell() {
        assertThat(ReliabilityReport.shorten("a | b")).isEqualTo("a / b");
        assertThat(ReliabilityReport.shorten("x".repeat(300))).hasSize(160).endsWith("...");
    }
}
