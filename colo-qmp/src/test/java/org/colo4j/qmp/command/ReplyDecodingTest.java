package org.colo4j.qmp.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpJson;
import org.colo4j.qmp.QmpReturn;
import org.junit.jupiter.api.Test;

/** Every reply type decoded from replies a real QEMU 7.2.22 sent (src/test/resources/replies). */
class ReplyDecodingTest {

    /** Decodes fixture {@code name} the way the command's {@link QmpReturn} says. */
    private static <R> R decode(QmpCommand<R> command, String name) throws Exception {
        JsonNode ret = Replies.returnOf(name);
        return QmpJson.mapper().readerFor(QmpJson.mapper().constructType(returnType(command))).readValue(ret);
    }

    private static java.lang.reflect.Type returnType(QmpCommand<?> command) {
        for (java.lang.reflect.Type t : command.getClass().getGenericInterfaces()) {
            if (t instanceof java.lang.reflect.ParameterizedType p && p.getRawType() == QmpCommand.class) {
                return p.getActualTypeArguments()[0];
            }
        }
        throw new IllegalStateException(command.getClass() + " does not implement QmpCommand<R>");
    }

    @Test
    void queryStatusRunningPausedInmigratePostmigrate() throws Exception {
        assertThat(decode(new QueryStatus(), "query-status")).isEqualTo(new StatusInfo(true, RunState.RUNNING, false));
        assertThat(decode(new QueryStatus(), "query-status-paused")).isEqualTo(new StatusInfo(false, RunState.PAUSED, false));
        assertThat(decode(new QueryStatus(), "query-status-inmigrate"))
                .isEqualTo(new StatusInfo(false, RunState.INMIGRATE, false));
        assertThat(decode(new QueryStatus(), "query-status-postmigrate").status()).isEqualTo(RunState.POSTMIGRATE);
    }

    @Test
    void queryVersion() throws Exception {
        VersionInfo v = decode(new QueryVersion(), "query-version");
        assertThat(v.qemu()).isEqualTo(QemuVersion.of(7, 2, 22));
        assertThat(v.packageName()).isEqualTo("Debian 1:7.2+dfsg-7+deb12u18+b3");
    }

    @Test
    void queryCommandsListsTheColoCommands() throws Exception {
        List<CommandInfo> commands = decode(new QueryCommands(), "query-commands");
        assertThat(commands).hasSizeGreaterThan(200)
                .contains(new CommandInfo("x-colo-lost-heartbeat"), new CommandInfo("query-colo-status"),
                        new CommandInfo("x-blockdev-change"), new CommandInfo("block-export-add"),
                        new CommandInfo("nbd-server-add"), new CommandInfo("yank"));
    }

    @Test
    void queryQmpSchemaSubset() throws Exception {
        List<SchemaInfo> schema = decode(new QueryQmpSchema(), "query-qmp-schema-subset");
        assertThat(schema).hasSize(26);

        SchemaInfo queryStatus = byName(schema, "query-status");
        assertThat(queryStatus.metaType()).isEqualTo(SchemaMetaType.COMMAND);
        assertThat(queryStatus.argType()).isEqualTo("0");
        assertThat(queryStatus.retType()).isEqualTo("1");
        assertThat(queryStatus.allowOob()).isNull();

        SchemaInfo statusInfo = byName(schema, "1");
        assertThat(statusInfo.metaType()).isEqualTo(SchemaMetaType.OBJECT);
        assertThat(statusInfo.members()).extracting(SchemaMember::name).containsExactly("running", "singlestep", "status");
        assertThat(statusInfo.member("status")).get().extracting(SchemaMember::type).isEqualTo("262");
        assertThat(statusInfo.member("running").orElseThrow().optional()).isFalse();

        SchemaInfo runState = byName(schema, "262");
        assertThat(runState.metaType()).isEqualTo(SchemaMetaType.ENUM);
        assertThat(runState.values()).contains("inmigrate", "colo").hasSize(16);
        assertThat(runState.members()).extracting(SchemaMember::name).containsExactlyElementsOf(runState.values());
        assertThat(runState.values()).allSatisfy(v -> assertThat(RunState.fromWire(v)).isNotEqualTo(RunState.UNKNOWN));

        SchemaInfo heartbeat = byName(schema, "x-colo-lost-heartbeat");
        assertThat(heartbeat.features()).containsExactly("unstable");
        assertThat(heartbeat.hasFeature("unstable")).isTrue();

        assertThat(byName(schema, "query-yank").allowOob()).isTrue();
        assertThat(byName(schema, "str").metaType()).isEqualTo(SchemaMetaType.BUILTIN);
        assertThat(byName(schema, "[418]").elementType()).isEqualTo("418");
        assertThat(byName(schema, "334").metaType()).isEqualTo(SchemaMetaType.ALTERNATE);
        assertThat(byName(schema, "334").members()).extracting(SchemaMember::type).containsExactly("str", "null");

        SchemaInfo yankInstance = byName(schema, "222");
        assertThat(yankInstance.tag()).isEqualTo("type");
        assertThat(yankInstance.variants()).containsExactly(new SchemaVariant("block-node", "488"),
                new SchemaVariant("chardev", "489"), new SchemaVariant("migration", "0"));

        SchemaInfo coloExit = byName(schema, "COLO_EXIT");
        assertThat(coloExit.metaType()).isEqualTo(SchemaMetaType.EVENT);
        SchemaInfo coloExitData = byName(schema, coloExit.argType());
        assertThat(coloExitData.members()).extracting(SchemaMember::name).containsExactly("mode", "reason");

        SchemaInfo params = byName(schema, byName(schema, "migrate-set-parameters").argType());
        SchemaMember delay = params.member("x-checkpoint-delay").orElseThrow();
        assertThat(delay.type()).isEqualTo("int");
        assertThat(delay.optional()).isTrue();
        assertThat(delay.defaultValue().isNull()).isTrue();
        assertThat(delay.features()).containsExactly("unstable");
    }

    private static SchemaInfo byName(List<SchemaInfo> schema, String name) {
        return schema.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void queryMigrateBeforeAnyMigrationIsAllNull() throws Exception {
        assertThat(decode(new QueryMigrate(), "query-migrate-none"))
                .isEqualTo(new MigrationInfo(null, null, null, null, null, null));
    }

    @Test
    void queryMigrateCompleted() throws Exception {
        MigrationInfo info = decode(new QueryMigrate(), "query-migrate-completed");
        assertThat(info.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(info.totalTime()).isEqualTo(10L);
        assertThat(info.downtime()).isEqualTo(6L);
        assertThat(info.setupTime()).isEqualTo(0L);
        assertThat(info.ram().get("page-size").asLong()).isEqualTo(4096);
        assertThat(info.errorDesc()).isNull();
    }

    @Test
    void queryMigrateInColoOnBothNodes() throws Exception {
        assertThat(decode(new QueryMigrate(), "query-migrate-colo").status()).isEqualTo(MigrationStatus.COLO);
        MigrationInfo secondary = decode(new QueryMigrate(), "query-migrate-secondary-colo");
        assertThat(secondary.status()).isEqualTo(MigrationStatus.COLO);
        assertThat(secondary.ram()).isNull();
        assertThat(secondary.socketAddress()).containsExactly(new SocketAddress("inet", "127.0.0.1", "19998", null));
    }

    @Test
    void queryMigrateOnADestinationStartedWithIncomingTcp() throws Exception {
        // QEMU 7.2.22 -incoming tcp:127.0.0.1:47000, before anything arrived: the address and no status.
        MigrationInfo listening = decode(new QueryMigrate(), "query-migrate-incoming-tcp");
        assertThat(listening.status()).isNull();
        assertThat(listening.socketAddress()).singleElement().hasToString("127.0.0.1:47000");
        assertThat(decode(new QueryMigrate(), "query-migrate-none").socketAddress()).isNull();
    }

    @Test
    void queryColoStatusOnARealPair() throws Exception {
        assertThat(decode(new QueryColoStatus(), "query-colo-status"))
                .isEqualTo(new ColoStatusInfo(ColoMode.NONE, ColoMode.NONE, ColoExitReason.NONE));
        ColoStatusInfo primary = decode(new QueryColoStatus(), "query-colo-status-primary");
        assertThat(primary).isEqualTo(new ColoStatusInfo(ColoMode.PRIMARY, ColoMode.NONE, ColoExitReason.NONE));
        assertThat(primary.inColo()).isTrue();
        assertThat(decode(new QueryColoStatus(), "query-colo-status-secondary").mode()).isEqualTo(ColoMode.SECONDARY);
        ColoStatusInfo afterFailover = decode(new QueryColoStatus(), "query-colo-status-secondary-after-failover");
        assertThat(afterFailover).isEqualTo(new ColoStatusInfo(ColoMode.NONE, ColoMode.SECONDARY, ColoExitReason.REQUEST));
        assertThat(afterFailover.inColo()).isFalse();
    }

    @Test
    void voidRepliesAreEmptyObjects() {
        assertThat(Replies.returnOf("x-colo-lost-heartbeat").isEmpty()).isTrue();
        assertThat(Replies.returnOf("nbd-server-start").isEmpty()).isTrue();
        assertThat(new XColoLostHeartbeat().returnType()).isSameAs(QmpReturn.none());
        assertThat(Replies.document("x-colo-lost-heartbeat-error").at("/error/desc").asText())
                .isEqualTo("The feature 'colo' is not enabled");
    }

    @Test
    void queryBlockWithBackingChain() throws Exception {
        List<BlockInfo> blocks = decode(new QueryBlock(), "query-block");
        assertThat(blocks).hasSize(1);
        BlockInfo disk = blocks.get(0);
        assertThat(disk.device()).isEmpty();
        assertThat(disk.qdev()).isEqualTo("disk0");
        assertThat(disk.locked()).isFalse();
        assertThat(disk.removable()).isFalse();
        BlockDeviceInfo inserted = disk.inserted();
        assertThat(inserted.nodeName()).isEqualTo("d0");
        assertThat(inserted.drv()).isEqualTo("qcow2");
        assertThat(inserted.file()).isEqualTo("/tmp/cap/d.qcow2");
        assertThat(inserted.backingFile()).isEqualTo("/tmp/cap/base.qcow2");
        assertThat(inserted.backingFileDepth()).isEqualTo(1);
        assertThat(inserted.ro()).isFalse();
        ImageInfo image = inserted.image();
        assertThat(image.filename()).isEqualTo("/tmp/cap/d.qcow2");
        assertThat(image.format()).isEqualTo("qcow2");
        assertThat(image.virtualSize()).isEqualTo(67108864L);
        assertThat(image.actualSize()).isEqualTo(200704L);
        assertThat(image.backingFilename()).isEqualTo("base.qcow2");
        assertThat(image.backingImage().filename()).isEqualTo("/tmp/cap/base.qcow2");
        assertThat(image.backingImage().backingImage()).isNull();
    }

    @Test
    void queryNamedBlockNodes() throws Exception {
        List<BlockDeviceInfo> nodes = decode(QueryNamedBlockNodes.all(), "query-named-block-nodes");
        assertThat(nodes).extracting(BlockDeviceInfo::drv).containsExactly("qcow2", "file", "qcow2", "file");
        BlockDeviceInfo d0 = nodes.stream().filter(n -> "d0".equals(n.nodeName())).findFirst().orElseThrow();
        assertThat(d0.image().backingImage()).isNotNull();
        assertThat(nodes.get(0).nodeName()).startsWith("#block");
        assertThat(nodes.get(0).backingFile()).isNull();
        assertThat(nodes.get(0).ro()).isTrue();
    }

    @Test
    void queryNamedBlockNodesOfTheColoSecondary() throws Exception {
        List<BlockDeviceInfo> nodes = decode(QueryNamedBlockNodes.flatList(), "query-named-block-nodes-secondary-colo");
        assertThat(nodes).extracting(BlockDeviceInfo::drv)
                .contains("quorum", "replication", "qcow2", "raw", "copy-before-write");
        assertThat(nodes).filteredOn(n -> !n.drv().equals("file"))
                .allSatisfy(n -> assertThat(n.image().virtualSize()).isEqualTo(67108864L));
        assertThat(decode(QueryNamedBlockNodes.flatList(), "query-named-block-nodes-quorum"))
                .extracting(BlockDeviceInfo::nodeName).contains("colo-disk0", "good0", "extra0", "nbd0");
    }

    @Test
    void xDebugQueryBlockGraph() throws Exception {
        XDbgBlockGraph graph = decode(new XDebugQueryBlockGraph(), "x-debug-query-block-graph");
        assertThat(graph.nodes()).hasSize(5);
        XDbgBlockGraphNode backend = graph.nodeNamed("disk0").orElseThrow();
        assertThat(backend).isEqualTo(new XDbgBlockGraphNode(1, "block-backend", "disk0"));
        assertThat(graph.edgesFrom(1)).containsExactly(new XDbgBlockGraphEdge(1, 2, "root",
                List.of("write", "consistent-read"), List.of("resize", "write-unchanged", "consistent-read")));
        assertThat(graph.node(2)).get().extracting(XDbgBlockGraphNode::name).isEqualTo("d0");
        assertThat(graph.edgesFrom(2)).extracting(XDbgBlockGraphEdge::name).containsExactly("file", "backing");
    }

    @Test
    void xDebugQueryBlockGraphOfTheColoSecondary() throws Exception {
        XDbgBlockGraph graph = decode(new XDebugQueryBlockGraph(), "x-debug-query-block-graph-secondary-colo");
        long quorumId = graph.edgesFrom(graph.nodeNamed("colo-disk0").orElseThrow().id()).get(0).child();
        long replicationId = graph.edgesFrom(quorumId).get(0).child();
        assertThat(graph.edgesFrom(quorumId)).extracting(XDbgBlockGraphEdge::name).containsExactly("children.0");
        assertThat(graph.edgesFrom(replicationId)).extracting(XDbgBlockGraphEdge::name)
                .containsExactly("file", "hidden disk", "secondary disk");
        assertThat(graph.nodes()).extracting(XDbgBlockGraphNode::type).contains("block-job", "block-backend", "block-driver");
    }

    @Test
    void queryBlockJobsRunningAndReady() throws Exception {
        BlockJobInfo running = decode(new QueryBlockJobs(), "query-block-jobs-running").get(0);
        assertThat(running).isEqualTo(new BlockJobInfo("mirror", "resync", 67108864L, 16777216L, false, false,
                1048576L, false, "running", null));
        assertThat(running.jobStatus()).isEqualTo(JobStatus.RUNNING);
        BlockJobInfo ready = decode(new QueryBlockJobs(), "query-block-jobs-ready").get(0);
        assertThat(ready.ready()).isTrue();
        assertThat(ready.offset()).isEqualTo(ready.len());
        assertThat(ready.jobStatus()).isEqualTo(JobStatus.READY);
        assertThat(ready.speed()).isZero();
    }

    @Test
    void chardevAddReplies() throws Exception {
        ChardevAdd socket = ChardevAdd.socket("mirror0", ChardevSocket.server(SocketAddressLegacy.inet("127.0.0.1", 19003)));
        assertThat(decode(socket, "chardev-add-socket")).isEqualTo(new ChardevReturn(null));
        assertThat(decode(socket, "chardev-add-pty").pty()).isEqualTo("/dev/pts/0");
    }

    @Test
    void queryChardev() throws Exception {
        List<ChardevInfo> chardevs = decode(new QueryChardev(), "query-chardev-after-add");
        assertThat(chardevs).extracting(ChardevInfo::label).containsExactly("mirror0", "pty0", "compat_monitor0");
        ChardevInfo mirror0 = chardevs.get(0);
        assertThat(mirror0.filename()).isEqualTo("disconnected:tcp:127.0.0.1:19003,server=on");
        assertThat(mirror0.frontendOpen()).isFalse();
        assertThat(mirror0.disconnected()).isTrue();
        assertThat(chardevs.get(2).frontendOpen()).isTrue();
        assertThat(chardevs.get(2).disconnected()).isFalse();
    }

    @Test
    void humanMonitorCommandReturnsText() throws Exception {
        assertThat(decode(HumanMonitorCommand.of("info status"), "human-monitor-command")).isEqualTo("VM status: running\r\n");
    }

    @Test
    void queryYank() throws Exception {
        assertThat(decode(new QueryYank(), "query-yank-after"))
                .containsExactly(YankInstance.chardev("compat_monitor0"), YankInstance.chardev("mirror0"));
        assertThat(decode(new QueryYank(), "query-yank-block-node"))
                .containsExactly(YankInstance.chardev("compat_monitor0"), YankInstance.blockNode("nbd0"));
    }

    @Test
    void addFd() throws Exception {
        assertThat(decode(new AddFd(3L, "colo-disk0 image"), "add-fd")).isEqualTo(new AddFdInfo(3, 12));
        assertThat(decode(AddFd.toNewSet(), "add-fd-auto-fdset")).isEqualTo(new AddFdInfo(0, 13));
    }

    @Test
    void qomListAndGet() throws Exception {
        List<ObjectPropertyInfo> props = decode(new QomList("/machine"), "qom-list");
        assertThat(props).contains(new ObjectPropertyInfo("type", "string", null),
                new ObjectPropertyInfo("peripheral", "child<container>", null));
        JsonNode type = decode(new QomGet("/machine", "type"), "qom-get");
        assertThat(type.asText()).isEqualTo("none-machine");
    }
}
