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
 * 127.0.0.2, -netdev user, qcow2 disks, no guest OS but LivePair's {@link CounterGuest}, which keeps
 * writing at 32 MiB of colo-disk0 once {@link LivePair#start()} returns). Checkpoint-dependent tests need KVM.
 */
class ColoPairIT {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void startBringsBothNodesIntoColo() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            // Not live.start(): this checks the state start() leaves, before checkpoints pause the primary.
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
            live.start();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0xab, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));

            java.util.List<PairEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (org.colo4j.qmp.QmpSubscription sub = live.pair.onEvent(events::add)) {
                live.primary.kill();
                FailoverReport report = live.pair.failover().onSecondary();

                assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
                assertThat(report.status().lastMode()).isEqualTo(ColoMode.SECONDARY);
                assertThat(report.status().reason()).isEqualTo(ColoExitReason.REQUEST);
                assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0xab, 0, MIB)).as("the pattern survived").isTrue();
                assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0xcd, 0, MIB)).as("the check can fail").isFalse();

                live.pair.qmp(Role.SECONDARY).execute(new org.colo4j.qmp.command.Quit());
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (events.stream().noneMatch(e -> e.name().equals("SHUTDOWN")) && System.nanoTime() < deadline) {
                    LivePair.sleep(10);
                }
            }
            assertThat(events).as("COLO_EXIT and SHUTDOWN reach the pair's listeners")
                    .anySatisfy(e -> {
                        assertThat(e.role()).isEqualTo(Role.SECONDARY);
                        assertThat(e.name()).isEqualTo("COLO_EXIT");
                        assertThat(e.event().get("mode").asText()).isEqualTo("secondary");
                    })
                    .anySatisfy(e -> assertThat(e.name()).isEqualTo("SHUTDOWN"))
                    .noneSatisfy(e -> assertThat(e.name()).as("checkpoint STOPs are not surfaced").isEqualTo("STOP"));
        }
    }

    @Test
    void primaryCarriesOnAloneWhenTheSecondaryDies() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.start();
            live.secondary.kill();
            FailoverReport report = live.pair.failover().onPrimary();

            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x5a, 0, MIB);
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
    void replicationResumesToAFreshSecondaryAndSurvivesASecondFailover() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.start();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0xab, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            live.primary.kill();
            live.pair.failover().onSecondary();

            // A fresh secondary where the primary was, with blank images of its own.
            Path fresh = java.nio.file.Files.createDirectories(dir.resolve("fresh"));
            org.colo4j.blockgraph.QemuImg img = org.colo4j.blockgraph.QemuImg.onPath();
            for (String name : java.util.List.of("parent", "active", "hidden")) {
                img.create(fresh.resolve(name + ".qcow2"), org.colo4j.blockgraph.ImageFormat.QCOW2, LivePair.DISK_SIZE, false);
            }
            ColoNode node = ColoNode.builder().name("secondary2").address("127.0.0.1")
                    .qmp(org.colo4j.qmp.QmpEndpoint.unix(fresh.resolve("secondary2.qmp")))
                    .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build();
            ColoPairSpec next = live.spec.afterFailover(Role.SECONDARY, node, java.util.List.of(ColoDisk.builder()
                    .primaryImage(fresh.resolve("parent.qcow2")).secondaryImage(fresh.resolve("parent.qcow2"))
                    .activeImage(fresh.resolve("active.qcow2")).hiddenImage(fresh.resolve("hidden.qcow2")).build()));
            QemuLauncher started = QemuLauncher.start(next.secondaryArgv(), node.qmp(), fresh.resolve("secondary2.log"));
            live.launchers.add(started);

            java.util.List<ResyncProgress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (ColoPair resumed = live.pair.resumeReplication(next, progress::add)) {
                ColoStatus status = resumed.status();
                assertThat(status.isReplicating()).as("%s", status).isTrue();
                assertThat(progress).isNotEmpty();
                assertThat(progress.get(progress.size() - 1).percent()).isEqualTo(100.0);
                assertThat(org.colo4j.qmp.QmpJson.write(resumed.qmp(Role.PRIMARY).execute("qom-get",
                        java.util.Map.of("path", "/objects/m0", "property", "position"))))
                        .as("the new primary's filters sit before the old rewriter").contains("id=rew0");

                QemuIo.of(resumed.qmp(Role.PRIMARY), live.secondary.log()).writeBetweenCheckpoints("colo-disk0", 0x77, 2 * MIB, MIB);
                LivePair.awaitCheckpoint(resumed.qmp(Role.PRIMARY), Duration.ofSeconds(20));
                live.secondary.kill();
                assertThat(resumed.failover().onSecondary().status().isRunningAlone()).isTrue();

                QemuIo survivor = QemuIo.of(resumed.qmp(Role.SECONDARY), started.log());
                assertThat(survivor.verify("colo-disk0", 0x77, 2 * MIB, MIB)).as("written after the resume").isTrue();
                assertThat(survivor.verify("colo-disk0", 0xab, 0, MIB)).as("written before the first failover").isTrue();
            }
        }
    }

    @Test
    void replicationResumesOnThePrimaryWithAReplacementSecondary() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.start();
            live.secondary.kill();
            live.pair.failover().onPrimary();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x3c, 0, MIB);

            // The replacement reuses the old secondary's node and image paths, with fresh active/hidden disks.
            QemuLauncher replacement = live.startReplacementSecondary("replacement.log");

            try (ColoPair resumed = live.pair.resumeReplication(live.spec.secondary())) {
                assertThat(resumed.status().isReplicating()).isTrue();
                LivePair.awaitCheckpoint(resumed.qmp(Role.PRIMARY), Duration.ofSeconds(20));
                live.primary.kill();
                assertThat(resumed.failover().onSecondary().status().isRunningAlone()).isTrue();
                assertThat(QemuIo.of(resumed.qmp(Role.SECONDARY), replacement.log()).verify("colo-disk0", 0x3c, 0, MIB))
                        .as("written while the primary ran alone, carried over by the resync").isTrue();
            }
        }
    }

    @Test
    void failoverDuringACheckpointStillCompletesOnTheSecondary() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.start();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0xab, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            // Kill the primary the moment its next checkpoint begins (STOP), so the secondary is mid-checkpoint.
            live.pair.qmp(Role.PRIMARY).awaitEvent("STOP", e -> true, Duration.ofSeconds(20));
            live.primary.kill();
            FailoverReport report = live.pair.failover().onSecondary();
            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
            assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0xab, 0, MIB)).isTrue();
        }
    }

    @Test
    void failoverDuringACheckpointStillCompletesOnThePrimary() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.start();
            // Kill the secondary the moment a checkpoint begins: the primary is left paused in it.
            live.pair.qmp(Role.PRIMARY).awaitEvent("STOP", e -> true, Duration.ofSeconds(20));
            live.secondary.kill();
            FailoverReport report = live.pair.failover().onPrimary();
            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x42, 0, MIB);
            assertThat(live.io(Role.PRIMARY).verify("colo-disk0", 0x42, 0, MIB)).isTrue();
        }
    }

    @Test
    void resumeWithoutAFailoverIsRefused() throws Exception {
        LivePair.requireQemu();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            assertThatThrownBy(() -> live.pair.resumeReplication(live.spec.secondary()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a failover first");
        }
    }

    @Test
    void twoDisksAndTwoNicsStartAndFailOver() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 2, 2, b -> b).launch()) {
            live.start();
            assertThat(live.pair.status().isReplicating()).isTrue();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x11, 0, MIB);
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk1", 0x22, MIB, MIB);
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
                    .portPlan(org.colo4j.netfilter.PortPlan.of(LoopbackPorts.freeRange(10), 10)).build();
            live.launch(other.secondaryArgv(), live.spec.primaryArgv());
            PreflightReport report = live.pair.preflight();
            assertThat(report.passed()).isFalse();
            assertThat(report.failures()).extracting(PreflightReport.Check::name).containsOnly("proxy chardevs");
            assertThat(report.toString()).contains("started from different specs", "has no peer");
            assertThatThrownBy(live.pair::start).isInstanceOf(PreflightFailedException.class);
            assertThat(live.pair.qmp(Role.SECONDARY).execute(new QueryStatus()).status()).isEqualTo(RunState.INMIGRATE);
        }
    }

    @Test
    void preflightCatchesASecondaryStartedWithIncomingTcpInsteadOfDefer() throws Exception {
        LivePair.requireQemu();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b)) {
            java.util.List<String> coloFtStyle = new java.util.ArrayList<>(live.spec.secondaryArgv());
            int defer = coloFtStyle.indexOf("defer");
            assertThat(coloFtStyle.get(defer - 1)).isEqualTo("-incoming");
            coloFtStyle.set(defer, live.spec.secondary().incomingUri());
            live.launch(coloFtStyle, live.spec.primaryArgv());
            PreflightReport report = live.pair.preflight();
            assertThat(report.failures()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("incoming migration");
                assertThat(c.detail()).contains("already listening on 127.0.0.2:" + live.spec.secondary().migrationPort(),
                        "-incoming defer");
            });
            assertThatThrownBy(live.pair::start).isInstanceOf(PreflightFailedException.class);
            assertThat(live.pair.qmp(Role.PRIMARY).execute(new QueryStatus()).status()).isEqualTo(RunState.PRELAUNCH);
        }
    }
}
