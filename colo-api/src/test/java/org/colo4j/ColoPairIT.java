package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.colo4j.blockgraph.LiveBlockGraph;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * COLO-FT.txt driven by ColoPair on two real QEMUs on loopback (primary 127.0.0.1, secondary
 * 127.0.0.2, -netdev user, blank qcow2 disks, no guest OS). Checkpoint-dependent tests need KVM.
 */
class ColoPairIT {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void startBringsBothNodesIntoColo() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            StartReport report = live.pair.start();
            assertThat(report.preflight().passed()).isTrue();
            ColoStatus status = live.pair.status();
            assertThat(status.isReplicating()).as("%s", status).isTrue();
            assertThat(status.primary().runState()).isEqualTo(RunState.RUNNING);
            assertThat(status.primary().migration().name()).isEqualTo("COLO");
            assertThat(status.secondary().mode()).isEqualTo(ColoMode.SECONDARY);
        }
    }

    @Test
    void patternWrittenOnThePrimarySurvivesItsDeath() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.pair.start();
            live.io(Role.PRIMARY).write("colo-disk0", 0xab, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));

            live.primary.kill();
            FailoverReport report = live.pair.failover().onSecondary();

            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
            assertThat(report.status().lastMode()).isEqualTo(ColoMode.SECONDARY);
            assertThat(report.status().reason()).isEqualTo(ColoExitReason.REQUEST);
            assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0xab, 0, MIB)).as("the pattern survived").isTrue();
            assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0xcd, 0, MIB)).as("the check can fail").isFalse();
        }
    }

    @Test
    void primaryCarriesOnAloneWhenTheSecondaryDies() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.pair.start();
            live.secondary.kill();
            FailoverReport report = live.pair.failover().onPrimary();

            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
            live.io(Role.PRIMARY).write("colo-disk0", 0x5a, 0, MIB);
            assertThat(live.io(Role.PRIMARY).verify("colo-disk0", 0x5a, 0, MIB)).isTrue();
            LiveBlockGraph graph = LiveBlockGraph.read(live.pair.qmp(Role.PRIMARY));
            assertThat(graph.children(graph.driverNode("colo-disk0").orElseThrow()))
                    .as("the quorum has only its own image left").hasSize(1);

            FailoverReport again = live.pair.failover().onPrimary();
            assertThat(again.steps()).as("a repeated failover finds everything done")
                    .allMatch(s -> s.outcome() == StepResult.Outcome.ALREADY_DONE);
        }
    }

    @Test
    void twoDisksAndTwoNicsStartAndFailOver() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 2, 2, b -> b).launch()) {
            live.pair.start();
            assertThat(live.pair.status().isReplicating()).isTrue();
            live.io(Role.PRIMARY).write("colo-disk0", 0x11, 0, MIB);
            live.io(Role.PRIMARY).write("colo-disk1", 0x22, MIB, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));

            live.primary.kill();
            assertThat(live.pair.failover().onSecondary().status().isRunningAlone()).isTrue();
            assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0x11, 0, MIB)).isTrue();
            assertThat(live.io(Role.SECONDARY).verify("colo-disk1", 0x22, MIB, MIB)).isTrue();
        }
    }

    @Test
    void preflightCatchesASizeMismatchBeforeChangingAnything() throws Exception {
        LivePair.requireQemu();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b)) {
            org.colo4j.blockgraph.QemuImg.onPath().create(live.spec.disks().get(0).hiddenImage().path(),
                    org.colo4j.blockgraph.ImageFormat.QCOW2, LivePair.DISK_SIZE / 2, true);
            live.launch();
            assertThatThrownBy(live.pair::start)
                    .isInstanceOfSatisfying(PreflightFailedException.class, e ->
                            assertThat(e.report().failures()).singleElement().satisfies(c -> {
                                assertThat(c.name()).isEqualTo("disk 0 sizes");
                                assertThat(c.detail()).contains("secondary-hidden0.qcow2=33554432", "virtual sizes differ");
                            }));
            assertThat(live.pair.qmp(Role.SECONDARY).execute(new QueryStatus()).status()).isEqualTo(RunState.INMIGRATE);
            assertThat(live.pair.qmp(Role.PRIMARY).execute(new QueryStatus()).status()).isEqualTo(RunState.PRELAUNCH);
        }
    }

    @Test
    void preflightCatchesAPortMismatchBeforeChangingAnything() throws Exception {
        LivePair.requireQemu();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b)) {
            ColoPairSpec other = live.spec.toBuilder()
                    .portPlan(org.colo4j.netfilter.PortPlan.of(LivePair.freeRange(10), 10)).build();
            live.launch(other.secondaryArgv(), live.spec.primaryArgv());
            PreflightReport report = live.pair.preflight();
            assertThat(report.passed()).isFalse();
            assertThat(report.failures()).extracting(PreflightReport.Check::name).containsOnly("proxy chardevs");
            assertThat(report.toString()).contains("started from different specs", "has no peer");
            assertThatThrownBy(live.pair::start).isInstanceOf(PreflightFailedException.class);
            assertThat(live.pair.qmp(Role.SECONDARY).execute(new QueryStatus()).status()).isEqualTo(RunState.INMIGRATE);
        }
    }
}
