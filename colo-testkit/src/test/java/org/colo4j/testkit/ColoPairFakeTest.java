package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.FailoverReport;
import org.colo4j.PreflightFailedException;
import org.colo4j.PreflightReport;
import org.colo4j.QemuIo;
import org.colo4j.ResyncProgress;
import org.colo4j.Role;
import org.colo4j.StartReport;
import org.colo4j.StepResult;
import org.colo4j.netfilter.SocketChardev;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.MigrateIncoming;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * colo4j's own procedures (connect, preflight, start, both failovers, resume) against fakes built
 * from the same spec: no QEMU, and no path, port or id copied by hand. Data is written through
 * qemu-io before and read back after, as on a real pair.
 */
class ColoPairFakeTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static QemuIo io(ColoPair pair, Role role, FakeColoNode fake) {
        return QemuIo.of(pair.qmp(role), fake.stdoutFile());
    }

    @Test
    void preflightPassesOnFakesBuiltFromTheSpec() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            PreflightReport report = pair.preflight();

            assertThat(report.passed()).as("%s", report).isTrue();
            assertThat(report.checks()).extracting(PreflightReport.Check::name).contains("run state", "incoming migration",
                    "disk 0 sizes", "proxy chardevs", "COLO support", "QEMU version");
            assertThat(report.checks()).filteredOn(c -> c.name().equals("disk 0 sizes")).singleElement()
                    .satisfies(c -> assertThat(c.detail()).isEqualTo("all " + (64 * MIB) + " bytes"));
            assertThat(fakes.primary().server().receivedNames()).as("preflight changes nothing")
                    .allMatch(n -> n.startsWith("query-") || n.startsWith("x-debug-query"));
        }
    }

    @Test
    void startThenFailoverOnTheSecondaryKeepsWhatWasCheckpointed() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            StartReport start = pair.start();
            assertThat(start.status().isReplicating()).as("%s", start).isTrue();
            assertThat(fakes.secondary().exports()).containsExactly("parent0");
            assertThat(fakes.primary().children("colo-disk0")).containsValue("replication0");

            io(pair, Role.PRIMARY, fakes.primary()).write("colo-disk0", 0xab, 0, MIB);
            fakes.primary().checkpoint();
            io(pair, Role.PRIMARY, fakes.primary()).write("colo-disk0", 0xcd, MIB, MIB); // no checkpoint after it
            fakes.primary().kill();
            FailoverReport report = pair.failover().onSecondary();

            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
            assertThat(report.status().lastMode()).isEqualTo(ColoMode.SECONDARY);
            assertThat(report.status().reason()).isEqualTo(ColoExitReason.REQUEST);
            assertThat(fakes.secondary().nbdServerRunning()).isFalse();
            assertThat(fakes.secondary().chardevs()).doesNotContainAnyElementsOf(
                    spec.proxy().secondary().chardevs().stream().map(SocketChardev::id).toList());
            assertThat(pair.status().primary().reachable()).isFalse();
            QemuIo survivor = io(pair, Role.SECONDARY, fakes.secondary());
            assertThat(survivor.verify("colo-disk0", 0xab, 0, MIB)).as("checkpointed before the failover").isTrue();
            assertThat(survivor.verify("colo-disk0", 0xcd, MIB, MIB)).as("written after the last checkpoint: lost,"
                    + " as on a real pair").isFalse();

            FailoverReport again = pair.failover().onSecondary();
            assertThat(again.steps()).allMatch(r -> r.outcome() == StepResult.Outcome.ALREADY_DONE);
        }
    }

    @Test
    void failoverOnThePrimaryKeepsEveryWriteAndRemovesTheSpecsProxy() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            pair.start();
            QemuIo primaryIo = io(pair, Role.PRIMARY, fakes.primary());
            primaryIo.write("colo-disk0", 0xab, 0, MIB);
            fakes.primary().checkpoint();
            primaryIo.write("colo-disk0", 0xcd, MIB, MIB);
            fakes.secondary().kill();
            fakes.primary().checkpoint(); // the primary notices: COLO_EXIT {primary, error}

            FailoverReport report = pair.failover().onPrimary();
            primaryIo.write("colo-disk0", 0xee, 2 * MIB, MIB);

            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
            assertThat(fakes.primary().objects()).as("every proxy object of the spec is gone").isEmpty();
            assertThat(fakes.primary().children("colo-disk0")).doesNotContainValue("replication0");
            assertThat(primaryIo.verify("colo-disk0", 0xab, 0, MIB)).isTrue();
            assertThat(primaryIo.verify("colo-disk0", 0xcd, MIB, MIB)).isTrue();
            assertThat(primaryIo.verify("colo-disk0", 0xee, 2 * MIB, MIB)).isTrue();
        }
    }

    @Test
    void resumeAfterAFailoverOnThePrimaryCarriesTheDataToTheNewSecondary() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            pair.start();
            io(pair, Role.PRIMARY, fakes.primary()).write("colo-disk0", 0xab, 0, MIB);
            fakes.primary().checkpoint();
            fakes.secondary().kill();
            fakes.primary().checkpoint();
            assertThat(pair.failover().onPrimary().status().isRunningAlone()).isTrue();

            ColoNode node = spec.secondary().toBuilder().name("secondary2").address("127.0.0.3")
                    .qmp(QmpEndpoint.unix(dir.resolve("secondary2.qmp"))).build();
            ColoPairSpec next = spec.afterFailover(Role.PRIMARY, node, spec.disks());
            FakeColoNode replacement = fakes.startNewSecondary(next);
            List<ResyncProgress> progress = new CopyOnWriteArrayList<>();
            try (ColoPair resumed = pair.resumeReplication(next, progress::add)) {
                assertThat(resumed.status().isReplicating()).as("%s", resumed.status()).isTrue();
                assertThat(progress).as("the mirror was ready at once").isNotEmpty()
                        .allSatisfy(p -> assertThat(p.offset()).isEqualTo(p.length()));
                assertThat(fakes.primary().server().receivedNames()).contains("drive-mirror", "stop", "block-job-cancel");

                io(resumed, Role.PRIMARY, fakes.primary()).write("colo-disk0", 0xcd, MIB, MIB);
                fakes.primary().checkpoint();
                fakes.primary().kill();
                assertThat(resumed.failover().onSecondary().status().isRunningAlone()).isTrue();
                QemuIo survivor = io(resumed, Role.SECONDARY, replacement);
                assertThat(survivor.verify("colo-disk0", 0xab, 0, MIB)).as("copied by the resync").isTrue();
                assertThat(survivor.verify("colo-disk0", 0xcd, MIB, MIB)).as("replicated by the checkpoint").isTrue();
            }
        }
    }

    @Test
    void resumeAfterAFailoverOnTheSecondaryMakesItThePrimaryOfANewSecondary() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            pair.start();
            io(pair, Role.PRIMARY, fakes.primary()).write("colo-disk0", 0xab, 0, MIB);
            fakes.primary().checkpoint();
            fakes.primary().kill();
            assertThat(pair.failover().onSecondary().status().isRunningAlone()).isTrue();
            io(pair, Role.SECONDARY, fakes.secondary()).write("colo-disk0", 0xcd, MIB, MIB); // the survivor runs on

            ColoNode node = spec.secondary().toBuilder().name("secondary2").address("127.0.0.3")
                    .qmp(QmpEndpoint.unix(dir.resolve("secondary2.qmp"))).build();
            ColoPairSpec next = spec.afterFailover(Role.SECONDARY, node, spec.disks());
            FakeColoNode replacement = fakes.startNewSecondary(next);
            assertThat(fakes.node(next.primary())).isSameAs(fakes.secondary());
            try (ColoPair resumed = pair.resumeReplication(next)) {
                assertThat(resumed.status().isReplicating()).as("%s", resumed.status()).isTrue();
                io(resumed, Role.PRIMARY, fakes.secondary()).write("colo-disk0", 0xee, 2 * MIB, MIB);
                fakes.secondary().checkpoint();
                fakes.secondary().kill();
                assertThat(resumed.failover().onSecondary().status().isRunningAlone()).isTrue();
                QemuIo survivor = io(resumed, Role.SECONDARY, replacement);
                assertThat(survivor.verify("colo-disk0", 0xab, 0, MIB)).as("written before the failover").isTrue();
                assertThat(survivor.verify("colo-disk0", 0xcd, MIB, MIB)).as("written while alone").isTrue();
                assertThat(survivor.verify("colo-disk0", 0xee, 2 * MIB, MIB)).as("written after the resume").isTrue();
            }
        }
    }

    @Test
    void startRefusesASecondaryThatListensForTheMigrationAlready() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec)) {
            try (var s = fakes.secondary().connect()) {
                s.execute(new MigrateIncoming(spec.secondary().incomingUri())); // as -incoming tcp:... would
            }
            try (ColoPair pair = ColoPair.connect(spec)) {
                PreflightReport report = pair.preflight();
                assertThat(report.failures()).singleElement().satisfies(c -> {
                    assertThat(c.node()).isEqualTo(Role.SECONDARY);
                    assertThat(c.name()).isEqualTo("incoming migration");
                    assertThat(c.detail()).contains("already listening on 127.0.0.2:9998", "-incoming defer");
                });
                assertThatThrownBy(pair::start).isInstanceOf(PreflightFailedException.class);
                assertThat(fakes.primary().status().status()).as("nothing changed").isEqualTo(RunState.PRELAUNCH);
            }
        }
    }

    @Test
    void startRefusesASecondaryStartedWithIncomingTcpAsInColoFt() {
        // builder(role) plays COLO-FT.txt's own argv, with the image files Builder.imageFolder documents.
        try (FakeColoNode primary = FakeColoNode.start(Role.PRIMARY);
             FakeColoNode listening = FakeColoNode.builder(Role.SECONDARY).incoming("tcp:127.0.0.2:9998").build()) {
            FakeColoNode.pair(primary, listening);
            Path p = Path.of("/mnt/vms/colo-test-primary");
            Path s = Path.of("/mnt/vms/colo-test-secondary");
            ColoPairSpec spec = ColoPairSpec.builder()
                    .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(primary.endpoint()).build())
                    .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(listening.endpoint()).build())
                    .disk(ColoDisk.builder().id("colo-disk0").primaryImage(p.resolve("primary.qcow2"))
                            .secondaryImage(s.resolve("primary.qcow2")).activeImage(s.resolve("secondary-active.qcow2"))
                            .hiddenImage(s.resolve("secondary-hidden.qcow2")).build())
                    .nic(ColoNic.builder().netdev("hn0").build())
                    .qemuVersion(ColoPairSpec.TESTED_QEMU)
                    .build();
            try (ColoPair pair = ColoPair.connect(spec)) {
                PreflightReport report = pair.preflight();
                assertThat(report.failures()).as("the documented image files match: only the listening secondary fails")
                        .singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("incoming migration"));
                assertThatThrownBy(pair::start).isInstanceOf(PreflightFailedException.class);
                assertThat(listening.server().receivedNames()).as("only queries were sent")
                        .allMatch(n -> n.startsWith("query-") || n.startsWith("x-debug-query"));
            }
        }
    }
}
