package org.colo4j.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "Automatic HA" section's counting: exactly one running, split brain, data, percentiles with a run that never recovered. */
class HaReportTest {

    @Test
    void aRowCountsEachCheckAndPutsARunThatNeverRecoveredLast() {
        List<HaRecord> runs = List.of(
                new HaRecord("s", 0, "", true, 1, true, 40L, 20L, 200, null),
                new HaRecord("s", 1, "", true, 1, true, 60L, 30L, 200, null),
                new HaRecord("s", 2, "", false, 2, null, 50L, 25L, 200, "the guest runs on 2 nodes"),
                new HaRecord("s", 3, "", false, -1, null, null, null, 200, "no guard failed over within 20 s"));

        String row = HaReport.row("s", runs);

        assertThat(row).isEqualTo("| s | 4 | 2 | 2/4 | 1 | 2/2 | 50 ms | never | ≤ 200 ms | 25 ms | 30 ms"
                + " | 1×: the guest runs on 2 nodes |");
    }

    @Test
    void theSectionStartsWithItsHeadingSoThatColoApisReportKeepsIt() {
        String md = HaReport.render(List.of(new HaRecord("s", 0, "", true, 1, true, 40L, 20L, 200, null)), Instant.EPOCH, "0.5");
        assertThat(md).startsWith(ReliabilityReport.HA_SECTION + "\n").contains("| s | 1 | 1 | 1/1 | 0 | 1/1 | 40 ms | 40 ms |");
    }
}
