package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.colo4j.ColoPair;
import org.colo4j.ColoProblem;
import org.colo4j.ColoValidationException;
import org.colo4j.Role;
import org.junit.jupiter.api.Test;

class GuardOptionsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        GuardOptions d = GuardOptions.defaults();
        assertThat(d.probeInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(d.probeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.checkpointStallFactor()).isEqualTo(4);
        assertThat(d.diskErrorThreshold()).isEqualTo(3);
        assertThat(d.diskErrorWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.secondaryGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.autoFailback()).isFalse();
        assertThat(d.checkpointStall(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(8));
        assertThat(d.checkpointStall(Duration.ofMillis(100))).as("never below the probe timeout").isEqualTo(Duration.ofSeconds(1));
        assertThat(d.toBuilder().build()).isEqualTo(d);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsField() {
        assertThatThrownBy(() -> GuardOptions.builder().probeInterval(Duration.ZERO).probeTimeout(null)
                .checkpointStallFactor(1).diskErrorThreshold(0).diskErrorWindow(Duration.ofSeconds(-1))
                .secondaryGrace(Duration.ofSeconds(-1)).build())
                .isInstanceOfSatisfying(ColoValidationException.class, e -> assertThat(e.problems())
                        .extracting(ColoProblem::field).containsExactlyInAnyOrder("guard.probeInterval", "guard.probeTimeout",
                                "guard.checkpointStallFactor", "guard.diskErrorThreshold", "guard.diskErrorWindow",
                                "guard.secondaryGrace"));
    }

    @Test
    void theGuardBuilderReportsEveryProblemToo() {
        try (FakePair fakes = new FakePair(); ColoPair pair = ColoPair.connect(fakes.spec)) {
            assertThatThrownBy(() -> ColoGuard.builder(pair).controlling(Role.PRIMARY).member("x").fencer(null)
                    .options(GuardOptions.builder().autoFailback(true).build()).build())
                    .isInstanceOfSatisfying(ColoValidationException.class, e -> assertThat(e.problems())
                            .extracting(ColoProblem::field)
                            .containsExactlyInAnyOrder("guard.fencer", "guard.member", "guard.failbackPlanner"));
            assertThatThrownBy(() -> ColoGuard.builder(pair).member("a/b").build())
                    .isInstanceOfSatisfying(ColoValidationException.class, e -> assertThat(e.problems())
                            .singleElement().satisfies(p -> assertThat(p.message()).contains("'a/b'")));
        }
    }
}
