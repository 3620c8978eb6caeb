package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorSettingsTest {

    @Test
    void everyProblemIsReportedWithItsField() {
        assertThatThrownBy(() -> new MirrorSettings(3000L, 0L, null))
                .isInstanceOfSatisfying(BlockGraphValidationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::field).containsExactly("granularity", "bufSize"))
                .hasMessageContaining("power of 2").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> MirrorSettings.qemuDefaults().withGranularity(128L << 20)).hasMessageContaining("granularity");
    }

    @Test
    void qemuDefaultsSendNoTuning() {
        List<String> lines = BlockPlans.resync(Specs.coloFt().build(), MirrorMethod.DRIVE_MIRROR, Duration.ofMinutes(5),
                MirrorSettings.qemuDefaults()).jsonLines();
        assertThat(lines.get(0)).doesNotContain("granularity", "buf-size", "copy-mode");
    }

    @Test
    void settingsReachBothMirrorCommands() {
        MirrorSettings s = MirrorSettings.qemuDefaults().withGranularity(1L << 20).withBufSize(64L << 20)
                .withCopyMode(MirrorSettings.CopyMode.WRITE_BLOCKING);
        assertThat(BlockPlans.resync(Specs.coloFt().build(), MirrorMethod.DRIVE_MIRROR, Duration.ofMinutes(5), s).jsonLines().get(0))
                .endsWith("\"granularity\":1048576,\"buf-size\":67108864,\"copy-mode\":\"write-blocking\"}}");
        assertThat(BlockPlans.resync(Specs.coloFt().build(), MirrorMethod.BLOCKDEV_MIRROR, Duration.ofMinutes(5), s).jsonLines().get(1))
                .startsWith("{\"execute\":\"blockdev-mirror\"")
                .endsWith("\"granularity\":1048576,\"buf-size\":67108864,\"copy-mode\":\"write-blocking\"}}");
    }
}
