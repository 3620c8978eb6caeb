package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * COLO with TLS on every channel (NBD replication, migration, proxy chardevs) on two real QEMUs on
 * loopback, with certificates {@code openssl} makes for each test: a CA, and per node a server
 * certificate naming its address (127.0.0.1, 127.0.0.2) and a client certificate. Start,
 * checkpoints, both failovers and both resumes run over TLS with data read back; a relay between the
 * nodes shows that the NBD and migration bytes on the wire hold no plain text (and that they do
 * without TLS); certificates from another CA on one node are reported by validation, by preflight and,
 * where QEMU refuses them, with QEMU's words and the step.
 */
class ColoPairTlsIT {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private TestPki ca;

    private ColoTls pki() throws Exception {
        TestPki.requireOpenssl();
        ca = TestPki.ca(dir.resolve("pki/ca"), "colo4j test CA");
        return ColoTls.builder()
                .node("primary", ca.issueNode(dir.resolve("pki/primary"), "primary", "IP:127.0.0.1"))
                .node("secondary", ca.issueNode(dir.resolve("pki/secondary"), "secondary", "IP:127.0.0.2"))
                .filesOnThisHost(true).build();
    }

    @Test
    void startCheckpointsFailoverAndResumeOntoAPromotedSecondaryOverTls() throws Exception {
        LivePair.requireKvm();
        ColoTls tls = pki();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b.tls(tls)).launch()) {
            assertThat(live.spec.warnings()).isEmpty();
            StartReport report = live.pair.start();
            assertThat(report.preflight().checks()).filteredOn(c -> c.name().equals("TLS credentials")).hasSize(2)
                    .allSatisfy(c -> assertThat(c.passed()).as("%s", c).isTrue());
            assertThat(parameters(live, Role.PRIMARY)).containsEntry("tls-creds", "colo-tls-client")
                    .containsEntry("tls-hostname", "127.0.0.2");
            assertThat(parameters(live, Role.SECONDARY)).containsEntry("tls-creds", "colo-tls-server");
            assertThat(live.pair.status().primary().migration().name()).isEqualTo("COLO");

            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0xab, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            live.primary.kill();
            assertThat(live.pair.failover().onSecondary().status().isRunningAlone()).isTrue();
            assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0xab, 0, MIB)).as("the pattern survived").isTrue();
            assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0xcd, 0, MIB)).as("the check can fail").isFalse();

            // A fresh secondary where the primary was, with its own certificates: the survivor now serves
            // the proxy chardevs (chardev-add with tls-creds) and migrates to it over TLS.
            Path fresh = Files.createDirectories(dir.resolve("fresh"));
            QemuImg img = QemuImg.onPath();
            for (String name : List.of("parent", "active", "hidden")) {
                img.create(fresh.resolve(name + ".qcow2"), ImageFormat.QCOW2, LivePair.DISK_SIZE, false);
            }
            ColoNode node = ColoNode.builder().name("secondary2").address("127.0.0.1")
                    .qmp(QmpEndpoint.unix(fresh.resolve("secondary2.qmp")))
                    .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build();
            ColoTls withNewNode = tls.toBuilder().node("secondary2",
                    ca.issueNode(dir.resolve("pki/secondary2"), "secondary2", "IP:127.0.0.1")).build();
            ColoPairSpec next = live.spec.toBuilder().tls(withNewNode).build().afterFailover(Role.SECONDARY, node,
                    List.of(ColoDisk.builder().primaryImage(fresh.resolve("parent.qcow2")).secondaryImage(fresh.resolve("parent.qcow2"))
                            .activeImage(fresh.resolve("active.qcow2")).hiddenImage(fresh.resolve("hidden.qcow2")).build()));
            QemuLauncher started = QemuLauncher.start(next.secondaryArgv(), node.qmp(), fresh.resolve("secondary2.log"));
            live.launchers.add(started);

            try (ColoPair resumed = live.pair.resumeReplication(next, ResyncListener.NONE)) {
                assertThat(resumed.status().isReplicating()).isTrue();
                assertThat(org.colo4j.qmp.QmpJson.write(resumed.qmp(Role.PRIMARY).execute("query-migrate-parameters", Map.of())))
                        .contains("\"tls-creds\":\"colo-tls-client\"", "\"tls-hostname\":\"127.0.0.1\"");
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
    void failoverOnThePrimaryAndResumeWithAReplacementResyncOverTls() throws Exception {
        LivePair.requireKvm();
        ColoTls tls = pki();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b.tls(tls)).launch()) {
            live.pair.start();
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            live.secondary.kill();
            assertThat(live.pair.failover().onPrimary().status().isRunningAlone()).isTrue();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x3c, 0, MIB);

            QemuLauncher replacement = live.startReplacementSecondary("replacement.log");

            try (ColoPair resumed = live.pair.resumeReplication(live.spec.secondary())) {
                assertThat(resumed.status().isReplicating()).isTrue();
                LivePair.awaitCheckpoint(resumed.qmp(Role.PRIMARY), Duration.ofSeconds(20));
                live.primary.kill();
                assertThat(resumed.failover().onSecondary().status().isRunningAlone()).isTrue();
                assertThat(QemuIo.of(resumed.qmp(Role.SECONDARY), replacement.log()).verify("colo-disk0", 0x3c, 0, MIB))
                        .as("written while the primary ran alone, carried over by the TLS resync").isTrue();
            }
        }
    }

    /**
     * A relay on the secondary's address forwards to its servers (which listen on 127.0.0.3) and
     * records the NBD and migration bytes: with TLS they hold neither the 1 MiB of 0xab the primary
     * writes, nor the export name, nor the migration stream's magic; without TLS they hold all three.
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {true, false})
    void theWireCarriesNoPlainTextWithTls(boolean withTls) throws Exception {
        LivePair.requireKvm();
        ColoTls tls = pki();
        ColoNode secondary = ColoNode.builder().name("secondary").address("127.0.0.2").listenAddress("127.0.0.3")
                .qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")))
                .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b.secondary(secondary).tls(withTls ? tls : null)).launch();
             TcpRelay nbd = TcpRelay.start("127.0.0.2", secondary.nbdPort(), "127.0.0.3");
             TcpRelay migration = TcpRelay.start("127.0.0.2", secondary.migrationPort(), "127.0.0.3")) {
            live.pair.start();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0xab, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            live.primary.kill();
            assertThat(live.pair.failover().onSecondary().status().isRunningAlone()).isTrue();
            assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0xab, 0, MIB)).as("the data went through the relay").isTrue();

            assertThat(nbd.forwarded()).as("NBD bytes").isGreaterThan(MIB);
            assertThat(migration.forwarded()).as("migration bytes").isGreaterThan(MIB);
            if (withTls) {
                assertThat(nbd.longestRun(0xab)).as("longest run of 0xab on the NBD wire").isLessThan(16);
                assertThat(nbd.contains("parent0")).as("the export name on the NBD wire").isFalse();
                assertThat(migration.contains("QEVM")).as("the migration stream's magic on the wire").isFalse();
            } else {
                assertThat(nbd.longestRun(0xab)).isGreaterThanOrEqualTo(4096);
                assertThat(nbd.contains("parent0")).isTrue();
                assertThat(migration.contains("QEVM")).isTrue();
            }
        }
    }

    @Test
    void certificatesFromAnotherCaOnOneNodeAreNamedBeforeAndByQemu() throws Exception {
        LivePair.requireQemu();
        ColoTls tls = pki();
        TestPki other = TestPki.ca(dir.resolve("pki/other-ca"), "another CA");
        ColoTls wrong = tls.toBuilder().node("secondary",
                other.issueNode(dir.resolve("pki/stranger"), "secondary", "IP:127.0.0.2")).build();

        // On this host, validation sees it first.
        Files.createDirectories(dir.resolve("checked"));
        assertThatThrownBy(() -> LivePair.create(dir.resolve("checked"), 1, 1, b -> b.tls(wrong)))
                .isInstanceOfSatisfying(ColoValidationException.class, e -> assertThat(e.getMessage())
                        .contains("tls[primary]", "tls[secondary]", "does not trust", "hasn't got a known issuer"));

        // Not checked here: preflight finds the proxy's TLS handshakes refused, before anything changes.
        ColoTls unchecked = wrong.toBuilder().filesOnThisHost(false).build();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b.tls(unchecked)).launch()) {
            assertThatThrownBy(live.pair::start).isInstanceOfSatisfying(PreflightFailedException.class, e ->
                    assertThat(e.report().failures()).singleElement().satisfies(c -> {
                        assertThat(c.name()).isEqualTo("proxy chardevs");
                        assertThat(c.detail()).contains("has no peer", "the proxy uses TLS");
                    }));
        }
    }

    @Test
    void preflightFindsANodeStartedWithoutTheSpecsTls() throws Exception {
        LivePair.requireQemu();
        ColoTls tls = pki();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b.tls(tls))) {
            List<String> plain = live.spec.toBuilder().tls(null).build().secondaryArgv();
            live.launch(plain, live.spec.primaryArgv());
            PreflightReport report = live.pair.preflight();
            assertThat(report.failures()).filteredOn(c -> c.name().equals("TLS credentials")).singleElement()
                    .satisfies(c -> {
                        assertThat(c.node()).isEqualTo(Role.SECONDARY);
                        assertThat(c.detail()).contains("no object colo-tls-server", "no object colo-tls-client",
                                "start it with the argv this spec renders");
                    });
            assertThat(report.checks()).filteredOn(c -> c.name().equals("TLS credentials") && c.node() == Role.PRIMARY)
                    .singleElement().satisfies(c -> assertThat(c.passed()).isTrue());
        }
    }

    /** Without TLS on the proxy, the first channel over TLS is the NBD replication: the step and QEMU's words. */
    @Test
    void aRefusedNbdHandshakeNamesTheStepAndWhatQemuSaid() throws Exception {
        LivePair.requireQemu();
        ColoTls tls = pki();
        TestPki other = TestPki.ca(dir.resolve("pki/other-ca"), "another CA");
        ColoTls wrong = tls.toBuilder().channels(ColoTls.Channel.NBD, ColoTls.Channel.MIGRATION).filesOnThisHost(false)
                .node("secondary", other.issueNode(dir.resolve("pki/stranger"), "secondary", "IP:127.0.0.2")).build();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b.tls(wrong)).launch()) {
            assertThatThrownBy(live.pair::start).isInstanceOfSatisfying(ColoStepException.class, e -> {
                assertThat(e.step().node()).isEqualTo(Role.PRIMARY);
                assertThat(e.step().describe()).startsWith("{\"execute\":\"blockdev-add\"").contains("colo-tls-client");
                assertThat(e.getMessage()).contains("The certificate hasn't got a known issuer");
            });
        }
    }

    private static Map<String, String> parameters(LivePair live, Role role) {
        JsonNode p = live.pair.qmp(role).execute("query-migrate-parameters", Map.of());
        return Map.of("tls-creds", p.path("tls-creds").asText(), "tls-hostname", p.path("tls-hostname").asText());
    }
}
