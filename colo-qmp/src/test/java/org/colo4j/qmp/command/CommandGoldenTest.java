package org.colo4j.qmp.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpJson;
import org.junit.jupiter.api.Test;

/** The exact JSON of every command; COLO-FT.txt's commands are reproduced member for member. */
class CommandGoldenTest {

    private static String json(QmpCommand<?> command) {
        return QmpJson.toJson(command);
    }

    @Test
    void qmpCapabilities() {
        assertThat(json(QmpCapabilities.none())).isEqualTo("{\"execute\":\"qmp_capabilities\"}");
        assertThat(json(QmpCapabilities.oob()))
                .isEqualTo("{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]}}");
    }

    @Test
    void argumentFreeQueries() {
        assertThat(json(new QueryStatus())).isEqualTo("{\"execute\":\"query-status\"}");
        assertThat(json(new QueryVersion())).isEqualTo("{\"execute\":\"query-version\"}");
        assertThat(json(new QueryCommands())).isEqualTo("{\"execute\":\"query-commands\"}");
        assertThat(json(new QueryQmpSchema())).isEqualTo("{\"execute\":\"query-qmp-schema\"}");
        assertThat(json(new QueryMigrate())).isEqualTo("{\"execute\":\"query-migrate\"}");
        assertThat(json(new QueryColoStatus())).isEqualTo("{\"execute\":\"query-colo-status\"}");
        assertThat(json(new QueryBlock())).isEqualTo("{\"execute\":\"query-block\"}");
        assertThat(json(new XDebugQueryBlockGraph())).isEqualTo("{\"execute\":\"x-debug-query-block-graph\"}");
        assertThat(json(new QueryBlockJobs())).isEqualTo("{\"execute\":\"query-block-jobs\"}");
        assertThat(json(new QueryChardev())).isEqualTo("{\"execute\":\"query-chardev\"}");
        assertThat(json(new QueryYank())).isEqualTo("{\"execute\":\"query-yank\"}");
    }

    @Test
    void argumentFreeActions() {
        assertThat(json(new NbdServerStop())).isEqualTo("{\"execute\":\"nbd-server-stop\"}");
        assertThat(json(new XColoLostHeartbeat())).isEqualTo("{\"execute\":\"x-colo-lost-heartbeat\"}");
        assertThat(json(new Stop())).isEqualTo("{\"execute\":\"stop\"}");
        assertThat(json(new Cont())).isEqualTo("{\"execute\":\"cont\"}");
        assertThat(json(new Quit())).isEqualTo("{\"execute\":\"quit\"}");
    }

    @Test
    void queryNamedBlockNodes() {
        assertThat(json(QueryNamedBlockNodes.all())).isEqualTo("{\"execute\":\"query-named-block-nodes\"}");
        assertThat(json(QueryNamedBlockNodes.flatList()))
                .isEqualTo("{\"execute\":\"query-named-block-nodes\",\"arguments\":{\"flat\":true}}");
    }

    @Test
    void migrate() {
        assertThat(json(new Migrate("tcp:127.0.0.2:9998")))
                .isEqualTo("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:9998\"}}");
        assertThat(Migrate.tcp("127.0.0.2", 9998)).isEqualTo(new Migrate("tcp:127.0.0.2:9998"));
        assertThat(Migrate.tcp("::1", 9998).uri()).isEqualTo("tcp:[::1]:9998");
    }

    @Test
    void migrateIncoming() {
        assertThat(json(new MigrateIncoming("tcp:0.0.0.0:9998")))
                .isEqualTo("{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:0.0.0.0:9998\"}}");
    }

    @Test
    void migrateSetCapabilitiesXColoAsInColoFt() {
        String expected = "{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                + "[{\"capability\":\"x-colo\",\"state\":true}]}}";
        assertThat(json(MigrateSetCapabilities.enable("x-colo"))).isEqualTo(expected);
        assertThat(json(MigrateSetCapabilities.of("x-colo", true))).isEqualTo(expected);
        assertThat(json(new MigrateSetCapabilities(List.of(
                new MigrationCapabilityStatus("events", true), new MigrationCapabilityStatus("x-colo", false)))))
                .isEqualTo("{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                        + "[{\"capability\":\"events\",\"state\":true},{\"capability\":\"x-colo\",\"state\":false}]}}");
    }

    @Test
    void migrateSetParametersCheckpointDelay() {
        assertThat(json(MigrateSetParameters.checkpointDelay(Duration.ofSeconds(2))))
                .isEqualTo("{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"x-checkpoint-delay\":2000}}");
        assertThat(json(new MigrateSetParameters(200L, 1_000_000_000L, 300L)))
                .isEqualTo("{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"x-checkpoint-delay\":200,"
                        + "\"max-bandwidth\":1000000000,\"downtime-limit\":300}}");
    }

    @Test
    void migrateSetParametersTls() {
        assertThat(json(MigrateSetParameters.tls("tls0", "192.0.2.20")))
                .isEqualTo("{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"tls-creds\":\"tls0\","
                        + "\"tls-hostname\":\"192.0.2.20\"}}");
        assertThat(json(MigrateSetParameters.tls("tls0", null)))
                .isEqualTo("{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"tls-creds\":\"tls0\"}}");
        assertThatThrownBy(() -> MigrateSetParameters.tls(" ", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nbdServerStartAsInColoFt() {
        assertThat(json(NbdServerStart.of(SocketAddressLegacy.inet("0.0.0.0", 9999))))
                .isEqualTo("{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\","
                        + "\"data\":{\"host\":\"0.0.0.0\",\"port\":\"9999\"}}}}");
        assertThat(json(new NbdServerStart(SocketAddressLegacy.unix("/run/colo/nbd.sock"), "tls0", "authz0", 4)))
                .isEqualTo("{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"unix\","
                        + "\"data\":{\"path\":\"/run/colo/nbd.sock\"}},\"tls-creds\":\"tls0\",\"tls-authz\":\"authz0\","
                        + "\"max-connections\":4}}");
    }

    @Test
    void nbdServerAddAsInColoFt() {
        assertThat(json(new NbdServerAdd("parent0", null, true)))
                .isEqualTo("{\"execute\":\"nbd-server-add\",\"arguments\":{\"device\":\"parent0\",\"writable\":true}}");
    }

    @Test
    void blockExportAddAndDel() {
        assertThat(json(BlockExportAdd.nbd("exp0", "parent0", "parent0", true)))
                .isEqualTo("{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"exp0\","
                        + "\"node-name\":\"parent0\",\"writable\":true,\"name\":\"parent0\"}}");
        assertThat(json(BlockExportDel.of("exp0")))
                .isEqualTo("{\"execute\":\"block-export-del\",\"arguments\":{\"id\":\"exp0\"}}");
        assertThat(json(new BlockExportDel("exp0", "hard")))
                .isEqualTo("{\"execute\":\"block-export-del\",\"arguments\":{\"id\":\"exp0\",\"mode\":\"hard\"}}");
    }

    @Test
    void blockdevAddReplicationChildIsTheWholeArguments() {
        ObjectNode options = QmpJson.mapper().createObjectNode();
        options.put("driver", "replication").put("mode", "primary").put("node-name", "replication0");
        ObjectNode file = options.putObject("file");
        file.put("driver", "nbd");
        file.putObject("server").put("type", "inet").put("host", "127.0.0.2").put("port", "9999");
        file.put("export", "parent0");
        BlockdevAdd add = new BlockdevAdd(options);
        options.put("mode", "secondary");

        assertThat(json(add)).isEqualTo("{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"replication\","
                + "\"mode\":\"primary\",\"node-name\":\"replication0\",\"file\":{\"driver\":\"nbd\",\"server\":"
                + "{\"type\":\"inet\",\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent0\"}}}");
        assertThat(add.nodeName()).isEqualTo("replication0");
        assertThat(add.driver()).isEqualTo("replication");
    }

    @Test
    void blockdevAddFromMap() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("driver", "null-co");
        options.put("node-name", "n0");
        options.put("size", 1048576);
        assertThat(json(BlockdevAdd.of(options))).isEqualTo(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"null-co\",\"node-name\":\"n0\",\"size\":1048576}}");
    }

    @Test
    void blockdevDel() {
        assertThat(json(new BlockdevDel("replication0")))
                .isEqualTo("{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"replication0\"}}");
    }

    @Test
    void xBlockdevChangeAsInColoFt() {
        assertThat(json(XBlockdevChange.addNode("colo-disk0", "replication0")))
                .isEqualTo("{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"node\":\"replication0\"}}");
        assertThat(json(XBlockdevChange.removeChild("colo-disk0", "children.1")))
                .isEqualTo("{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"child\":\"children.1\"}}");
    }

    @Test
    void driveMirrorResyncAsInColoFt() {
        String expected = "{\"execute\":\"drive-mirror\",\"arguments\":{\"job-id\":\"resync\",\"device\":\"colo-disk0\","
                + "\"target\":\"nbd://127.0.0.2:9999/parent0\",\"format\":\"raw\",\"sync\":\"full\",\"mode\":\"existing\"}}";
        assertThat(json(new DriveMirror("resync", "colo-disk0", "nbd://127.0.0.2:9999/parent0", "raw", "full", "existing", null)))
                .isEqualTo(expected);
        assertThat(json(DriveMirror.toExisting("resync", "colo-disk0", "nbd://127.0.0.2:9999/parent0", "raw")))
                .isEqualTo(expected);
        assertThat(json(new DriveMirror(null, "d0", "/tmp/t.qcow2", null, "top", null, 1048576L)))
                .isEqualTo("{\"execute\":\"drive-mirror\",\"arguments\":{\"device\":\"d0\",\"target\":\"/tmp/t.qcow2\","
                        + "\"sync\":\"top\",\"speed\":1048576}}");
    }

    @Test
    void mirrorTuningGoesAfterTheOtherArguments() {
        assertThat(json(DriveMirror.toExisting("resync", "colo-disk0", "nbd://127.0.0.2:9999/parent0", "raw")
                .withTuning(1048576L, 67108864L, "write-blocking")))
                .isEqualTo("{\"execute\":\"drive-mirror\",\"arguments\":{\"job-id\":\"resync\",\"device\":\"colo-disk0\","
                        + "\"target\":\"nbd://127.0.0.2:9999/parent0\",\"format\":\"raw\",\"sync\":\"full\",\"mode\":\"existing\","
                        + "\"granularity\":1048576,\"buf-size\":67108864,\"copy-mode\":\"write-blocking\"}}");
        assertThat(json(BlockdevMirror.full("resync", "colo-disk0", "nbd0").withTuning(null, 33554432L, null)))
                .isEqualTo("{\"execute\":\"blockdev-mirror\",\"arguments\":{\"job-id\":\"resync\",\"device\":\"colo-disk0\","
                        + "\"target\":\"nbd0\",\"sync\":\"full\",\"buf-size\":33554432}}");
        assertThat(json(DriveMirror.toExisting("j", "d", "t", "raw").withTuning(null, null, null)))
                .isEqualTo(json(DriveMirror.toExisting("j", "d", "t", "raw")));
    }

    @Test
    void blockdevMirror() {
        assertThat(json(BlockdevMirror.full("resync", "colo-disk0", "nbd0")))
                .isEqualTo("{\"execute\":\"blockdev-mirror\",\"arguments\":{\"job-id\":\"resync\",\"device\":\"colo-disk0\","
                        + "\"target\":\"nbd0\",\"sync\":\"full\"}}");
        assertThat(json(new BlockdevMirror(null, "d0", "t0", "top", 0L)))
                .isEqualTo("{\"execute\":\"blockdev-mirror\",\"arguments\":{\"device\":\"d0\",\"target\":\"t0\",\"sync\":\"top\",\"speed\":0}}");
    }

    @Test
    void blockJobCancelAsInColoFtAndComplete() {
        assertThat(json(BlockJobCancel.of("resync")))
                .isEqualTo("{\"execute\":\"block-job-cancel\",\"arguments\":{\"device\":\"resync\"}}");
        assertThat(json(new BlockJobCancel("resync", true)))
                .isEqualTo("{\"execute\":\"block-job-cancel\",\"arguments\":{\"device\":\"resync\",\"force\":true}}");
        assertThat(json(new BlockJobComplete("m1")))
                .isEqualTo("{\"execute\":\"block-job-complete\",\"arguments\":{\"device\":\"m1\"}}");
    }

    @Test
    void objectAddFlatFilterMirrorWithInsertPositionAsInColoFt() {
        ObjectAdd m0 = ObjectAdd.of("filter-mirror", "m0")
                .with("insert", "before").with("position", "id=rew0")
                .with("netdev", "hn0").with("queue", "tx").with("outdev", "mirror0");
        assertThat(json(m0)).isEqualTo("{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"filter-mirror\","
                + "\"id\":\"m0\",\"insert\":\"before\",\"position\":\"id=rew0\",\"netdev\":\"hn0\",\"queue\":\"tx\","
                + "\"outdev\":\"mirror0\"}}");
    }

    @Test
    void objectAddColoCompareAndIothreadAsInColoFt() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("primary_in", "compare0-0");
        props.put("secondary_in", "compare1");
        props.put("outdev", "compare_out0");
        props.put("iothread", "iothread1");
        assertThat(json(new ObjectAdd("colo-compare", "comp0", props)))
                .isEqualTo("{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"colo-compare\",\"id\":\"comp0\","
                        + "\"primary_in\":\"compare0-0\",\"secondary_in\":\"compare1\",\"outdev\":\"compare_out0\","
                        + "\"iothread\":\"iothread1\"}}");
        assertThat(json(ObjectAdd.of("iothread", "iothread1")))
                .isEqualTo("{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"iothread\",\"id\":\"iothread1\"}}");
    }

    @Test
    void objectAddNonStringProps() {
        ObjectAdd add = ObjectAdd.of("colo-compare", "comp0").with("compare_timeout", 3000).with("vnet_hdr_support", true);
        assertThat(json(add)).isEqualTo("{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"colo-compare\","
                + "\"id\":\"comp0\",\"compare_timeout\":3000,\"vnet_hdr_support\":true}}");
    }

    @Test
    void objectAddLegacyNestsProps() {
        ObjectAdd m0 = ObjectAdd.of("filter-mirror", "m0").with("netdev", "hn0").with("queue", "tx").with("outdev", "mirror0");
        assertThat(json(m0.legacy())).isEqualTo("{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"filter-mirror\","
                + "\"id\":\"m0\",\"props\":{\"netdev\":\"hn0\",\"queue\":\"tx\",\"outdev\":\"mirror0\"}}}");
        assertThat(json(ObjectAdd.of("iothread", "iothread1").legacy()))
                .isEqualTo("{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"iothread\",\"id\":\"iothread1\"}}");
        assertThat(m0.legacy().commandName()).isEqualTo("object-add");
    }

    @Test
    void objectDelAsInColoFt() {
        assertThat(json(new ObjectDel("comp0")))
                .isEqualTo("{\"execute\":\"object-del\",\"arguments\":{\"id\":\"comp0\"}}");
    }

    @Test
    void chardevAddServerSocketAsInColoFt() {
        assertThat(json(ChardevAdd.socket("mirror0", ChardevSocket.server(SocketAddressLegacy.inet("0.0.0.0", 9003)))))
                .isEqualTo("{\"execute\":\"chardev-add\",\"arguments\":{\"id\":\"mirror0\",\"backend\":{\"type\":\"socket\","
                        + "\"data\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"0.0.0.0\",\"port\":\"9003\"}},"
                        + "\"server\":true}}}}");
    }

    @Test
    void chardevAddClientSocketAsInColoFt() {
        assertThat(json(ChardevAdd.socket("compare0-0", ChardevSocket.client(SocketAddressLegacy.inet("127.0.0.1", 9001)))))
                .isEqualTo("{\"execute\":\"chardev-add\",\"arguments\":{\"id\":\"compare0-0\",\"backend\":{\"type\":\"socket\","
                        + "\"data\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"127.0.0.1\",\"port\":\"9001\"}},"
                        + "\"server\":false}}}}");
    }

    @Test
    void chardevSocketAllMembers() {
        ChardevSocket old = new ChardevSocket(SocketAddressLegacy.unix("/run/c.sock"), false, null, true, 5L, null, "tls0");
        assertThat(json(ChardevAdd.socket("c", old)))
                .isEqualTo("{\"execute\":\"chardev-add\",\"arguments\":{\"id\":\"c\",\"backend\":{\"type\":\"socket\","
                        + "\"data\":{\"addr\":{\"type\":\"unix\",\"data\":{\"path\":\"/run/c.sock\"}},\"server\":false,"
                        + "\"nodelay\":true,\"reconnect\":5,\"tls-creds\":\"tls0\"}}}}");
        ChardevSocket ms = new ChardevSocket(SocketAddressLegacy.inet("127.0.0.1", 9001), false, null, null, null, 500L, null);
        assertThat(QmpJson.write(ms)).isEqualTo("{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"127.0.0.1\","
                + "\"port\":\"9001\"}},\"server\":false,\"reconnect-ms\":500}");
        ChardevSocket waiting = new ChardevSocket(SocketAddressLegacy.inet("0.0.0.0", 9003), true, true, null, null, null, null);
        assertThat(QmpJson.write(waiting)).contains("\"server\":true,\"wait\":true");
    }

    @Test
    void chardevRemoveAsInColoFt() {
        assertThat(json(new ChardevRemove("red1")))
                .isEqualTo("{\"execute\":\"chardev-remove\",\"arguments\":{\"id\":\"red1\"}}");
    }

    @Test
    void humanMonitorCommandAsInColoFt() {
        assertThat(json(HumanMonitorCommand.of("drive_del replication0")))
                .isEqualTo("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"drive_del replication0\"}}");
        assertThat(json(new HumanMonitorCommand("qemu-io colo-disk0 \"write -P 0xab 0 1M\"", 0)))
                .isEqualTo("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":"
                        + "\"qemu-io colo-disk0 \\\"write -P 0xab 0 1M\\\"\",\"cpu-index\":0}}");
    }

    @Test
    void yank() {
        assertThat(json(Yank.of(YankInstance.blockNode("nbd0"), YankInstance.chardev("mirror0"), YankInstance.migration())))
                .isEqualTo("{\"execute\":\"yank\",\"arguments\":{\"instances\":[{\"type\":\"block-node\",\"node-name\":\"nbd0\"},"
                        + "{\"type\":\"chardev\",\"id\":\"mirror0\"},{\"type\":\"migration\"}]}}");
    }

    @Test
    void fdCommands() {
        assertThat(json(new GetFd("migfd"))).isEqualTo("{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"migfd\"}}");
        assertThat(json(new CloseFd("migfd"))).isEqualTo("{\"execute\":\"closefd\",\"arguments\":{\"fdname\":\"migfd\"}}");
        assertThat(json(AddFd.toNewSet())).isEqualTo("{\"execute\":\"add-fd\"}");
        assertThat(json(new AddFd(3L, "colo-disk0 image")))
                .isEqualTo("{\"execute\":\"add-fd\",\"arguments\":{\"fdset-id\":3,\"opaque\":\"colo-disk0 image\"}}");
        assertThat(json(AddFd.toSet(3))).isEqualTo("{\"execute\":\"add-fd\",\"arguments\":{\"fdset-id\":3}}");
        assertThat(json(RemoveFd.set(3))).isEqualTo("{\"execute\":\"remove-fd\",\"arguments\":{\"fdset-id\":3}}");
        assertThat(json(new RemoveFd(3, 12L)))
                .isEqualTo("{\"execute\":\"remove-fd\",\"arguments\":{\"fdset-id\":3,\"fd\":12}}");
    }

    @Test
    void qomCommands() {
        assertThat(json(new QomList("/objects/comp0")))
                .isEqualTo("{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/objects/comp0\"}}");
        assertThat(json(new QomGet("/objects/m0", "status")))
                .isEqualTo("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/objects/m0\",\"property\":\"status\"}}");
    }

    @Test
    void renderingIsDeterministic() {
        ObjectAdd a = ObjectAdd.of("filter-redirector", "redire0").with("netdev", "hn0").with("queue", "rx").with("indev", "compare_out");
        ObjectAdd b = ObjectAdd.of("filter-redirector", "redire0").with("netdev", "hn0").with("queue", "rx").with("indev", "compare_out");
        assertThat(json(a)).isEqualTo(json(b));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }
}
