package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.colo4j.Role;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.command.BlockDeviceInfo;
import org.colo4j.qmp.command.BlockInfo;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.Cont;
import org.colo4j.qmp.command.HumanMonitorCommand;
import org.colo4j.qmp.command.Migrate;
import org.colo4j.qmp.command.MigrateSetCapabilities;
import org.colo4j.qmp.command.MigrationInfo;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.QueryBlock;
import org.colo4j.qmp.command.QueryChardev;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryMigrate;
import org.colo4j.qmp.command.QueryNamedBlockNodes;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.QueryVersion;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.XColoLostHeartbeat;
import org.colo4j.qmp.command.XDbgBlockGraph;
import org.colo4j.qmp.command.XDebugQueryBlockGraph;
import org.colo4j.qmp.event.QmpEvents;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class FakeColoNodeStartTest {

    @AutoClose
    private final StartedNodes nodes = new StartedNodes();

    @Test
    void nodesStartAsColoFtStartsThem() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        QmpClient p = primary.connect();
        QmpClient s = secondary.connect();
        assertThat(p.greeting().version()).isEqualTo(QemuVersion.of(7, 2, 22));
        assertThat(p.execute(new QueryStatus()).status()).isEqualTo(RunState.PRELAUNCH);
        assertThat(s.execute(new QueryStatus()).status()).isEqualTo(RunState.INMIGRATE);
        assertThat(p.hmp("info status")).isEqualTo("VM status: paused (prelaunch)\r\n");
        assertThat(s.hmp("info status")).isEqualTo("VM status: paused (inmigrate)\r\n");
        assertThat(p.execute(new QueryColoStatus())).isEqualTo(new ColoStatusInfo(ColoMode.NONE, ColoMode.NONE,
                ColoExitReason.NONE));
        assertThat(p.execute(new QueryMigrate()).status()).isNull();
        assertThat(p.execute(new QueryVersion()).packageName()).isEqualTo("Debian 1:7.2+dfsg-7+deb12u18+b3");
        assertThat(primary.objects()).containsExactly("m0", "redire0", "redire1", "iothread1", "comp0");
        assertThat(secondary.objects()).containsExactly("f1", "f2", "rew0");
        assertThat(secondary.chardevs()).containsExactly("red0", "red1");
        assertThat(primary.children("colo-disk0")).containsOnlyKeys("children.0");
        List<BlockInfo> drives = s.execute(new QueryBlock());
        assertThat(drives).extracting(BlockInfo::device).containsExactly("parent0", "childs0", "colo-disk0");
        assertThat(drives.get(0).inserted().nodeName()).startsWith("#block");
    }

    @Test
    void blockQueriesDescribeTheGraphAsQemuDoes() {
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        QmpClient s = secondary.connect();
        List<BlockDeviceInfo> nodes = s.execute(QueryNamedBlockNodes.flatList());
        assertThat(nodes).extracting(BlockDeviceInfo::drv).containsExactly("file", "qcow2", "file", "qcow2", "file",
                "qcow2", "replication", "quorum");
        assertThat(nodes.get(1).image().virtualSize()).isEqualTo(64L << 20);
        XDbgBlockGraph graph = s.execute(new XDebugQueryBlockGraph());
        long quorum = graph.nodeNamed("colo-disk0").orElseThrow().id();
        long root = graph.edgesFrom(quorum).get(0).child();
        assertThat(graph.edgesFrom(quorum).get(0).name()).isEqualTo("root");
        assertThat(graph.edgesFrom(root)).extracting(e -> e.name()).containsExactly("children.0");
    }

    @Test
    void coloFtStartThroughARealClientBringsBothNodesIntoColo() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        QmpClient s = secondary.connect();
        List<String> pEvents = StartedNodes.events(p);
        List<String> sEvents = StartedNodes.events(s);

        ColoFt.secondaryStart(s);
        assertThat(secondary.nbdServerRunning()).isTrue();
        assertThat(secondary.exports()).containsExactly("parent0");
        ColoFt.primaryStart(p);

        assertThat(p.execute(new QueryColoStatus())).isEqualTo(new ColoStatusInfo(ColoMode.PRIMARY, ColoMode.NONE,
                ColoExitReason.NONE));
        assertThat(s.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.SECONDARY);
        assertThat(p.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
        assertThat(s.execute(new QueryStatus()).running()).isTrue();
        MigrationInfo pm = p.execute(new QueryMigrate());
        assertThat(pm.status()).isEqualTo(MigrationStatus.COLO);
        assertThat(s.execute("query-migrate", java.util.Map.of()).path("socket-address").get(0).path("port").asText())
                .isEqualTo("9998");
        assertThat(primary.children("colo-disk0")).containsEntry("children.1", "replication0");
        assertThat(primary.checkpointDelayMillis()).isEqualTo(2000);
        FakeQmpServerTest.waitUntil(() -> pEvents.contains("RESUME") && sEvents.contains("RESUME"));
        assertThat(pEvents).containsExactly("MIGRATION {\"status\": \"setup\"}", "MIGRATION_PASS {\"pass\": 1}",
                "MIGRATION {\"status\": \"active\"}", "MIGRATION_PASS {\"pass\": 2}", "MIGRATION {\"status\": \"colo\"}",
                "RESUME");
        assertThat(sEvents).containsExactly("MIGRATION {\"status\": \"active\"}", "MIGRATION {\"status\": \"colo\"}",
                "RESUME");
        assertThat(primary.server().receivedNames()).startsWith("blockdev-add", "x-blockdev-change",
                "migrate-set-capabilities", "migrate-set-parameters", "migrate");
    }

    @Test
    void coloExitArrivesAfterLostHeartbeat() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        ColoFt.secondaryStart(secondary.connect());
        ColoFt.primaryStart(p);
        QmpEvent exit = p.executeAndAwait(new XColoLostHeartbeat(), "COLO_EXIT", e -> true, Duration.ofSeconds(5));
        assertThat(exit.as(QmpEvents.COLO_EXIT).mode()).isEqualTo(ColoMode.PRIMARY);
        assertThat(exit.as(QmpEvents.COLO_EXIT).reason()).isEqualTo(ColoExitReason.REQUEST);
        assertThat(p.execute(new QueryColoStatus())).isEqualTo(new ColoStatusInfo(ColoMode.NONE, ColoMode.PRIMARY,
                ColoExitReason.REQUEST));
    }

    @Test
    void checkpointIsAStopResumePairOnBothNodes() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        FakeColoNode.startColo(primary, secondary);
        QmpClient p = primary.connect();
        QmpClient s = secondary.connect();
        List<String> pEvents = StartedNodes.events(p);
        List<String> sEvents = StartedNodes.events(s);
        primary.checkpoint();
        FakeQmpServerTest.waitUntil(() -> pEvents.size() == 2 && sEvents.size() == 2);
        assertThat(pEvents).containsExactly("STOP", "RESUME");
        assertThat(sEvents).containsExactly("STOP", "RESUME");
        assertThat(primary.checkpoints()).isEqualTo(1);
        assertThat(secondary.checkpoints()).isEqualTo(1);
        assertThatThrownBy(secondary::checkpoint).isInstanceOf(TestkitException.class)
                .hasMessageContaining("call checkpoint() on FakeColoNode[primary]");
    }

    @Test
    void writesReachTheSecondaryOnlyAtTheNextCheckpoint() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        FakeColoNode.startColo(primary, secondary);
        QmpClient p = primary.connect();
        QmpClient s = secondary.connect();
        assertThat(p.execute(HumanMonitorCommand.of("qemu-io colo-disk0 \"write -P 0xab 0 1M\""))).isEmpty();
        assertThat(primary.stdout()).startsWith("wrote 1048576/1048576 bytes at offset 0\n1 MiB, 1 ops; 00.00 sec (");
        s.hmp("qemu-io colo-disk0 \"read -P 0xab 0 1M\"");
        assertThat(secondary.stdout()).startsWith("Pattern verification failed at offset 0, 1048576 bytes\n"
                + "read 1048576/1048576 bytes at offset 0\n");
        primary.checkpoint();
        int before = secondary.stdout().length();
        s.hmp("qemu-io colo-disk0 \"read -P 0xab 0 1M\"");
        assertThat(secondary.stdout().substring(before)).startsWith("read 1048576/1048576 bytes at offset 0\n");
        assertThat(secondary.stdoutFile()).content().isEqualTo(secondary.stdout());
    }

    @Test
    void writesBeforeColoRunsAreReportedBadOnTheReplicationChild() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        ColoFt.secondaryStart(secondary.connect());
        p.execute(org.colo4j.qmp.command.BlockdevAdd.of(java.util.Map.of("driver", "replication", "mode", "primary",
                "node-name", "replication0", "file", java.util.Map.of("driver", "nbd", "server",
                        java.util.Map.of("type", "inet", "host", "127.0.0.1", "port", "9999"), "export", "parent0"))));
        p.execute(org.colo4j.qmp.command.XBlockdevChange.addNode("colo-disk0", "replication0"));
        QmpEvent bad = p.executeAndAwait(HumanMonitorCommand.of("qemu-io colo-disk0 \"write -P 0xab 0 64k\""),
                "QUORUM_REPORT_BAD", e -> true, Duration.ofSeconds(5));
        assertThat(bad.as(QmpEvents.QUORUM_REPORT_BAD).nodeName()).isEqualTo("replication0");
    }

    @Test
    void migrateWithoutXColoCompletesAsAPlainMigration() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        p.execute(new Cont());
        p.execute(Migrate.tcp("127.0.0.2", 9998));
        assertThat(primary.migrationStatus()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(primary.status().status()).isEqualTo(RunState.POSTMIGRATE);
        assertThat(secondary.status().status()).isEqualTo(RunState.RUNNING);
        assertThat(secondary.coloStatus().mode()).isEqualTo(ColoMode.NONE);
    }

    @Test
    void migrateToAnAddressNobodyListensOnFails() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY).incoming("tcp:127.0.0.2:9998"));
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        p.execute(Migrate.tcp("127.0.0.1", 9998));
        MigrationInfo m = p.execute(new QueryMigrate());
        assertThat(m.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(m.errorDesc()).isEqualTo("Failed to connect to '127.0.0.1:9998': Connection refused");
        assertThat(primary.stdout()).contains("Failed to connect to '127.0.0.1:9998': Connection refused");
    }

    @Test
    void qemu8SecondaryWithoutXColoDiesAtTheIncomingMigration() {
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY).version(QemuVersion.of(8, 2, 2)));
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY).version(QemuVersion.of(8, 2, 2)));
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        QmpClient s = secondary.connect();
        p.execute(MigrateSetCapabilities.enable("x-colo"));
        p.execute(Migrate.tcp("127.0.0.1", 9998));
        FakeQmpServerTest.waitUntil(() -> !s.isOpen());
        assertThat(secondary.isAlive()).isFalse();
        assertThat(secondary.stdout()).contains("ENABLE_COLO command come in migration stream, but x-colo capability is not set");
        assertThat(primary.migrationStatus()).isEqualTo(MigrationStatus.FAILED);
    }

    @Test
    void qemu10_0NeverEntersColo() {
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY).version(QemuVersion.of(10, 0, 2)));
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY).version(QemuVersion.of(10, 0, 2)));
        assertThatThrownBy(() -> FakeColoNode.startColo(primary, secondary)).isInstanceOf(TestkitException.class)
                .hasMessageContaining("COLO did not start");
        assertThat(primary.migrationStatus()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @Test
    void theStableReleasesWithTheFixEnterColo() {
        for (QemuVersion v : new QemuVersion[] {QemuVersion.of(10, 0, 7), QemuVersion.of(10, 1, 3)}) {
            FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY).version(v));
            FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY).version(v));
            FakeColoNode.startColo(primary, secondary);
            assertThat(primary.migrationStatus()).as("%s", v).isEqualTo(MigrationStatus.COLO);
        }
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY).version(QemuVersion.of(10, 1, 2)));
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY).version(QemuVersion.of(10, 1, 2)));
        assertThatThrownBy(() -> FakeColoNode.startColo(primary, secondary)).as("10.1.2 lacks it")
                .hasMessageContaining("COLO did not start");
    }

    @Test
    void deferredIncomingWaitsForMigrateIncoming() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY).incoming("defer"));
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        QmpClient s = secondary.connect();
        p.execute(Migrate.tcp("127.0.0.1", 9998));
        assertThat(primary.migrationStatus()).isEqualTo(MigrationStatus.FAILED);
        s.execute(new org.colo4j.qmp.command.MigrateIncoming("tcp:0.0.0.0:9998"));
        assertThatThrownBy(() -> s.execute(new org.colo4j.qmp.command.MigrateIncoming("tcp:0.0.0.0:9998")))
                .isInstanceOf(QmpErrorResponseException.class)
                .hasMessageContaining("The incoming migration has already been started");
        assertThatThrownBy(() -> p.execute(new org.colo4j.qmp.command.MigrateIncoming("tcp:0.0.0.0:9998")))
                .hasMessageContaining("'-incoming' was not specified on the command line");
    }

    @Test
    void aSecondaryStartedWithIncomingTcpListensAtOnceAndRefusesMigrateIncoming() {
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY).incoming("tcp:127.0.0.2:9998"));
        QmpClient s = secondary.connect();
        assertThat(s.execute(new org.colo4j.qmp.command.QueryMigrate()).socketAddress())
                .as("QEMU 7.2 reports the listening address before anything arrives")
                .extracting(org.colo4j.qmp.command.SocketAddress::host, org.colo4j.qmp.command.SocketAddress::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("127.0.0.2", "9998"));
        assertThatThrownBy(() -> s.execute(new org.colo4j.qmp.command.MigrateIncoming("tcp:127.0.0.2:9998")))
                .hasMessageContaining("The incoming migration has already been started");
    }

    @Test
    void chardevsShowTheirPeerConnection() {
        FakeColoNode primary = nodes.start(Role.PRIMARY);
        FakeColoNode secondary = nodes.start(Role.SECONDARY);
        QmpClient p = primary.connect();
        assertThat(p.execute(new QueryChardev())).filteredOn(c -> c.label().equals("mirror0"))
                .extracting(c -> c.filename()).containsExactly("disconnected:tcp:0.0.0.0:9003,server=on");
        FakeColoNode.pair(primary, secondary);
        assertThat(p.execute(new QueryChardev())).filteredOn(c -> c.label().equals("mirror0"))
                .extracting(c -> c.filename()).allMatch(f -> f.startsWith("tcp:0.0.0.0:9003,server=on <-> "));
    }

    @Test
    void unpairedPrimaryEntersColoWithAnImaginedSecondary() {
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY).transport(FakeTransport.TCP));
        QmpClient p = primary.connect();
        p.execute(MigrateSetCapabilities.enable("x-colo"));
        p.execute(Migrate.tcp("127.0.0.2", 9998));
        assertThat(primary.coloStatus().mode()).isEqualTo(ColoMode.PRIMARY);
        primary.checkpoint();
        assertThat(primary.checkpoints()).isEqualTo(1);
    }
}
