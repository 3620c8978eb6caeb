package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.Cont;
import org.colo4j.qmp.command.RunState;
import org.colo4j.testkit.ColoRole;
import org.colo4j.testkit.FakeColoNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ColoPair's procedures against two fake QEMUs from colo-testkit: no QEMU needed. */
class ColoPairFakeTest {

    private final FakeColoNode primary = FakeColoNode.builder(ColoRole.PRIMARY).build();
    private final FakeColoNode secondary = FakeColoNode.builder(ColoRole.SECONDARY).incoming("defer").build();

    @AfterEach
    void close() {
        primary.close();
        secondary.close();
    }

    /** COLO-FT.txt's pair, with the image paths the fakes report and their QMP endpoints. */
    private static ColoPairSpec spec(FakeColoNode primary, FakeColoNode secondary) {
        Path p = Path.of("/mnt/vms/colo-test-primary");
        Path s = Path.of("/mnt/vms/colo-test-secondary");
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(primary.endpoint()).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(secondary.endpoint()).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(p.resolve("primary.qcow2"))
                        .secondaryImage(s.resolve("primary.qcow2")).activeImage(s.resolve("secondary-active.qcow2"))
                        .hiddenImage(s.resolve("secondary-hidden.qcow2")).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .qemuVersion(Specs.QEMU) // the fakes answer as 7.2
                .build();
    }

    @Test
    void startStatusAndFailoverOnTheSecondary() {
        FakeColoNode.pair(primary, secondary);
        try (ColoPair pair = ColoPair.connect(spec(primary, secondary))) {
            PreflightReport preflight = pair.preflight();
            assertThat(preflight.passed()).as("%s", preflight).isTrue();

            StartReport start = pair.start();
            assertThat(start.status().isReplicating()).as("%s", start).isTrue();
            assertThat(secondary.exports()).containsExactly("parent0");
            assertThat(primary.blockNodes()).contains("replication0");

            primary.kill();
            FailoverReport report = pair.failover().onSecondary();
            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
            assertThat(report.status().lastMode()).isEqualTo(ColoMode.SECONDARY);
            assertThat(report.status().reason()).isEqualTo(ColoExitReason.REQUEST);
            assertThat(secondary.nbdServerRunning()).isFalse();
            assertThat(secondary.chardevs()).doesNotContain("red0", "red1");
            assertThat(pair.status().primary().reachable()).isFalse();

            FailoverReport again = pair.failover().onSecondary();
            assertThat(again.steps()).allMatch(r -> r.outcome() == StepResult.Outcome.ALREADY_DONE);
        }
    }

    @Test
    void startRefusesWhenTheSecondaryIsNotWaitingForMigration() {
        FakeColoNode running = FakeColoNode.builder(ColoRole.PRIMARY).name("not-incoming").build();
        try (ColoPair pair = ColoPair.connect(spec(primary, running))) {
            pair.qmp(Role.SECONDARY).execute(new Cont());
            assertThatThrownBy(pair::start).isInstanceOfSatisfying(PreflightFailedException.class, e ->
                    assertThat(e.report().failures()).anySatisfy(c -> assertThat(c.detail()).contains("expected inmigrate")));
            assertThat(primary.status().status()).as("nothing changed on the primary").isEqualTo(RunState.PRELAUNCH);
            assertThat(primary.server().receivedNames()).as("only queries were sent")
                    .allMatch(n -> n.startsWith("query-") || n.startsWith("x-debug-query"));
        } finally {
            running.close();
        }
    }

    @Test
    void startRefusesASecondaryStartedWithIncomingTcpAsInColoFt() {
        FakeColoNode listening = FakeColoNode.builder(ColoRole.SECONDARY).incoming("tcp:127.0.0.2:9998").build();
        FakeColoNode.pair(primary, listening);
        try (ColoPair pair = ColoPair.connect(spec(primary, listening))) {
            PreflightReport report = pair.preflight();
            assertThat(report.failures()).singleElement().satisfies(c -> {
                assertThat(c.node()).isEqualTo(Role.SECONDARY);
                assertThat(c.name()).isEqualTo("incoming migration");
                assertThat(c.detail()).contains("already listening on 127.0.0.2:9998", "-incoming defer",
                        "spec.secondaryArgv()");
            });
            assertThatThrownBy(pair::start).isInstanceOf(PreflightFailedException.class);
            assertThat(listening.server().receivedNames()).as("only queries were sent")
                    .allMatch(n -> n.startsWith("query-") || n.startsWith("x-debug-query"));
        } finally {
            listening.close();
        }
    }

    @Test
    void resumeAfterAFailoverOnThePrimaryCarriesTheDataToTheNewSecondary() {
        FakeColoNode.pair(primary, secondary);
        ColoPairSpec spec = spec(primary, secondary);
        try (ColoPair pair = ColoPair.connect(spec)) {
            pair.start();
            pair.qmp(Role.PRIMARY).hmp("qemu-io colo-disk0 \"write -P 0xab 0 1M\"");
            primary.checkpoint();
            secondary.kill();
            primary.checkpoint(); // the primary notices: COLO_EXIT error
            assertThat(pair.failover().onPrimary().status().isRunningAlone()).isTrue();

            try (FakeColoNode replacement = FakeColoNode.builder(ColoRole.SECONDARY).name("secondary2")
                    .incoming("defer").build()) {
                FakeColoNode.pair(primary, replacement);
                ColoNode node = ColoNode.builder().name("secondary2").address("127.0.0.2").qmp(replacement.endpoint()).build();
                ColoPairSpec next = spec.afterFailover(Role.PRIMARY, node, spec.disks());
                java.util.List<ResyncProgress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
                try (ColoPair resumed = pair.resumeReplication(next, progress::add)) {
                    assertThat(resumed.status().isReplicating()).as("%s", resumed.status()).isTrue();
                    assertThat(progress).as("the mirror was ready at once").isNotEmpty()
                            .allSatisfy(p -> assertThat(p.offset()).isEqualTo(p.length()));
                    assertThat(primary.server().receivedNames()).contains("drive-mirror", "stop", "block-job-cancel");

                    resumed.qmp(Role.PRIMARY).hmp("qemu-io colo-disk0 \"write -P 0xcd 1M 1M\"");
                    primary.checkpoint();
                    primary.kill();
                    assertThat(resumed.failover().onSecondary().status().isRunningAlone()).isTrue();
                    resumed.qmp(Role.SECONDARY).hmp("qemu-io colo-disk0 \"read -P 0xab 0 1M\"");
                    resumed.qmp(Role.SECONDARY).hmp("qemu-io colo-disk0 \"read -P 0xcd 1M 1M\"");
                    assertThat(replacement.stdout()).as("the resync copied 0xab, the checkpoint 0xcd")
                            .doesNotContain("Pattern verification failed")
                            .contains("read 1048576/1048576 bytes at offset 0\n", "read 1048576/1048576 bytes at offset 1048576\n");
                }
            }
        }
    }

    @Test
    void resumeAfterAFailoverOnTheSecondaryMakesItThePrimaryOfANewSecondary() {
        FakeColoNode.pair(primary, secondary);
        ColoPairSpec spec = spec(primary, secondary);
        try (ColoPair pair = ColoPair.connect(spec)) {
            pair.start();
            pair.qmp(Role.PRIMARY).hmp("qemu-io colo-disk0 \"write -P 0xab 0 1M\"");
            primary.checkpoint();
            primary.kill();
            assertThat(pair.failover().onSecondary().status().isRunningAlone()).isTrue();
            pair.qmp(Role.SECONDARY).hmp("qemu-io colo-disk0 \"write -P 0xcd 1M 1M\""); // the survivor runs on

            try (FakeColoNode replacement = FakeColoNode.builder(ColoRole.SECONDARY).name("secondary2")
                    .incoming("defer").build()) {
                FakeColoNode.pair(secondary, replacement);
                ColoNode node = ColoNode.builder().name("secondary2").address("127.0.0.3").qmp(replacement.endpoint()).build();
                ColoPairSpec next = spec.afterFailover(Role.SECONDARY, node, spec.disks());
                try (ColoPair resumed = pair.resumeReplication(next)) {
                    assertThat(resumed.status().isReplicating()).as("%s", resumed.status()).isTrue();
                    resumed.qmp(Role.PRIMARY).hmp("qemu-io colo-disk0 \"write -P 0xee 2M 1M\"");
                    secondary.checkpoint();
                    secondary.kill();
                    assertThat(resumed.failover().onSecondary().status().isRunningAlone()).isTrue();
                    for (String read : new String[] {"0xab 0 1M", "0xcd 1M 1M", "0xee 2M 1M"}) {
                        resumed.qmp(Role.SECONDARY).hmp("qemu-io colo-disk0 \"read -P " + read + "\"");
                    }
                    assertThat(replacement.stdout()).as("written before, between and after the resume")
                            .doesNotContain("Pattern verification failed")
                            .contains("bytes at offset 0\n", "bytes at offset 1048576\n", "bytes at offset 2097152\n");
                }
            }
        }
    }

    @Test
    void preflightPassesTheIncomingCheckForADeferredSecondary() {
        FakeColoNode.pair(primary, secondary);
        try (ColoPair pair = ColoPair.connect(spec(primary, secondary))) {
            assertThat(pair.preflight().checks()).filteredOn(c -> c.name().equals("incoming migration"))
                    .singleElement().satisfies(c -> assertThat(c.passed()).isTrue());
        }
    }
}
