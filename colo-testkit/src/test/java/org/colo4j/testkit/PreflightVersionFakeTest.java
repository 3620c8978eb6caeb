package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.FailoverReport;
import org.colo4j.PreflightFailedException;
import org.colo4j.PreflightReport;
import org.colo4j.Role;
import org.colo4j.StepResult;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Preflight compares each node's QMP greeting with the version the spec renders that node for, on
 * fakes that greet as another release than the spec names.
 */
class PreflightVersionFakeTest {

    private static final String CHECK = "spec's QEMU version";
    private static final QemuVersion V10_0 = QemuVersion.of(10, 0, 13);
    private static final QemuVersion V11_1 = QemuVersion.of(11, 1, 3);

    @TempDir
    Path dir;

    static List<QemuVersion> measured() {
        return FakeColoNode.measuredVersions();
    }

    private static PreflightReport.Check check(PreflightReport report, Role role) {
        return report.checks().stream().filter(c -> c.name().equals(CHECK) && c.node() == role).findFirst().orElseThrow();
    }

    /** Both nodes of {@code spec}, greeting as {@code primary} and {@code secondary}. */
    private static FakeColoPair fakes(ColoPairSpec spec, QemuVersion primary, QemuVersion secondary) {
        FakeColoNode p = FakeColoNode.builder(spec, Role.PRIMARY).version(primary).build();
        try {
            return FakeColoPair.of(p, FakeColoNode.builder(spec, Role.SECONDARY).version(secondary).build());
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    @Test
    void theVersionTheSpecRendersForPasses() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            PreflightReport report = pair.preflight();
            assertThat(report.passed()).as("%s", report).isTrue();
            for (Role role : Role.values()) {
                assertThat(check(report, role).detail()).isEqualTo("QEMU 7.2.22, the version the spec renders this node for");
            }
        }
    }

    @Test
    void aVersionThatRendersTheSameIsAPassedCheckNamingBoth() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir).toBuilder().qemuVersion(QemuVersion.of(10, 0, 12)).build();
        try (FakeColoPair fakes = fakes(spec, V10_0, V10_0); ColoPair pair = ColoPair.connect(spec)) {
            PreflightReport report = pair.preflight();
            assertThat(report.passed()).as("%s", report).isTrue();
            assertThat(check(report, Role.SECONDARY).detail()).isEqualTo("this node runs QEMU 10.0.13 and the spec renders it"
                    + " for QEMU 10.0.12: both versions get the same argv and plan");
            assertThat(pair.start().status().isReplicating()).isTrue();
        }
    }

    @Test
    void aNodeOnElevenWhereTheSpecSaysTenIsRefusedBeforeAnythingChanges() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir).toBuilder().qemuVersion(V10_0).build();
        try (FakeColoPair fakes = fakes(spec, V11_1, V11_1); ColoPair pair = ColoPair.connect(spec)) {
            PreflightReport report = pair.preflight();

            assertThat(report.passed()).isFalse();
            for (Role role : Role.values()) {
                PreflightReport.Check c = check(report, role);
                assertThat(c.passed()).isFalse();
                assertThat(c.detail()).as("%s", c)
                        .startsWith("this node runs QEMU 11.1.3 but the spec renders it for QEMU 10.0.13, and for 11.1.3 ")
                        .contains("return-path")
                        .doesNotContain("its argv")
                        .contains("The spec's qemuVersion says 10.0.13.")
                        .contains("Set ColoPairSpec.Builder.qemuVersion(QemuVersion.of(11, 1, 3)) if both nodes run 11.1.3,"
                                + " else ColoNode.Builder.qemuVersion(QemuVersion.of(11, 1, 3)) on the " + role + " '"
                                + spec.node(role).name() + "'")
                        .contains("\"qemuVersion\": \"11.1.3\" in a pair file");
            }
            assertThat(check(report, Role.PRIMARY).detail()).contains("the plan's 'start: primary'");
            assertThat(check(report, Role.SECONDARY).detail()).contains("the plan's 'start: secondary'");
            assertThatThrownBy(pair::start).isInstanceOf(PreflightFailedException.class);
            for (FakeColoNode n : List.of(fakes.primary(), fakes.secondary())) {
                assertThat(n.server().receivedNames()).as("nothing changed on %s", n)
                        .allMatch(c -> c.startsWith("query-") || c.startsWith("x-debug-query"));
            }
        }
    }

    @Test
    void aNodeWhoseArgvWouldDifferIsRefusedNamingTheNodesOwnSetting() {
        ColoPairSpec base = FakeColoPair.loopbackSpec(dir).toBuilder().qemuVersion(V10_0).build();
        ColoPairSpec spec = base.toBuilder()
                .secondary(base.secondary().toBuilder().qemuVersion(QemuVersion.of(9, 1, 0)).build()).build();
        try (FakeColoPair fakes = fakes(spec, V10_0, V10_0); ColoPair pair = ColoPair.connect(spec)) {
            PreflightReport report = pair.preflight();

            assertThat(check(report, Role.PRIMARY).passed()).isTrue();
            PreflightReport.Check secondary = check(report, Role.SECONDARY);
            assertThat(secondary.passed()).isFalse();
            assertThat(secondary.detail()).as("%s", secondary)
                    .contains("its argv ('-chardev", ",reconnect=1' where it would be '-chardev", ",reconnect-ms=1000'")
                    .contains("The node's own qemuVersion says 9.1.0. Set ColoNode.Builder.qemuVersion(QemuVersion.of(10, 0, 13))"
                            + " on the secondary 'secondary'")
                    .endsWith("and start the node with the argv the spec then renders");
        }
    }

    @ParameterizedTest
    @MethodSource("measured")
    void eachMeasuredReleaseStartsFailsOverTwiceAndResumes(QemuVersion v) {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir).toBuilder().qemuVersion(v).build();
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            assertThat(pair.start().status().isReplicating()).isTrue();
            assertThat(fakes.secondary().capability("return-path")).isEqualTo(v.isAtLeast(11, 0));
            fakes.primary().checkpoint();
            fakes.secondary().kill();
            fakes.primary().checkpoint();
            FailoverReport first = pair.failover().onPrimary();
            assertThat(first.status().isRunningAlone()).as("%s", first).isTrue();
            FailoverReport again = pair.failover().onPrimary();
            assertThat(again.steps()).as("a repeated failover on %s is recognised as done", v)
                    .allMatch(r -> r.outcome() == StepResult.Outcome.ALREADY_DONE);

            ColoNode node = spec.secondary().toBuilder().name("secondary2").address("127.0.0.3")
                    .qmp(QmpEndpoint.unix(dir.resolve("secondary2.qmp"))).build();
            ColoPairSpec next = spec.afterFailover(Role.PRIMARY, node, spec.disks());
            FakeColoNode replacement = fakes.startNewSecondary(next);
            try (ColoPair resumed = pair.resumeReplication(next)) {
                assertThat(resumed.status().isReplicating()).as("%s", resumed.status()).isTrue();
                assertThat(replacement.capability("return-path")).isEqualTo(v.isAtLeast(11, 0));
            }
        }
    }
}
