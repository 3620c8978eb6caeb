package org.colo4j.qmp.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.colo4j.qmp.QmpJson;
import org.junit.jupiter.api.Test;

/** Replies from QEMUs newer or older than 7.2: extra members, new enum values, missing members. */
class RobustDecodingTest {

    @Test
    void extraUnknownMembersAreIgnored() throws Exception {
        ObjectNode reply = (ObjectNode) Replies.returnOf("query-colo-status-secondary").deepCopy();
        reply.put("x-future-member", 42).putObject("nested").put("a", "b");
        ColoStatusInfo status = QmpJson.mapper().treeToValue(reply, ColoStatusInfo.class);
        assertThat(status).isEqualTo(new ColoStatusInfo(ColoMode.SECONDARY, ColoMode.NONE, ColoExitReason.NONE));

        assertThat(Replies.decodeJson("{\"running\":true,\"status\":\"running\",\"vcpu-dirty-limit\":3}", StatusInfo.class))
                .isEqualTo(new StatusInfo(true, RunState.RUNNING, null));
    }

    @Test
    void realRepliesCarryMembersColo4jDoesNotModel() {
        // query-block-jobs has auto-finalize, io-status ...; query-block has type, io-status, cache ...
        assertThat(Replies.returnOf("query-block-jobs-ready").get(0).has("auto-finalize")).isTrue();
        assertThat(Replies.decode("query-block-jobs-ready", new TypeReference<List<BlockJobInfo>>() {})).hasSize(1);
        assertThat(Replies.returnOf("query-block").get(0).has("io-status")).isTrue();
        assertThat(Replies.decode("query-block", new TypeReference<List<BlockInfo>>() {})).hasSize(1);
    }

    @Test
    void unknownEnumValuesDecodeToUnknown() {
        assertThat(Replies.decodeJson("{\"running\":false,\"status\":\"hibernating\"}", StatusInfo.class).status())
                .isEqualTo(RunState.UNKNOWN);
        assertThat(Replies.decodeJson("{\"status\":\"postcopy-warp\"}", MigrationInfo.class).status())
                .isEqualTo(MigrationStatus.UNKNOWN);
        ColoStatusInfo colo = Replies.decodeJson("{\"mode\":\"tertiary\",\"last-mode\":\"primary\",\"reason\":\"cosmic-ray\"}",
                ColoStatusInfo.class);
        assertThat(colo).isEqualTo(new ColoStatusInfo(ColoMode.UNKNOWN, ColoMode.PRIMARY, ColoExitReason.UNKNOWN));
        assertThat(Replies.decodeJson("{\"name\":\"x\",\"meta-type\":\"struct\"}", SchemaInfo.class).metaType())
                .isEqualTo(SchemaMetaType.UNKNOWN);
    }

    @Test
    void jsonNullStringIsARealJobStatus() {
        assertThat(Replies.decodeJson("\"null\"", JobStatus.class)).isEqualTo(JobStatus.NULL_);
        assertThat(Replies.decodeJson("\"teleporting\"", JobStatus.class)).isEqualTo(JobStatus.UNKNOWN);
    }

    @Test
    void missingOptionalMembersGiveNull() {
        BlockJobInfo job = Replies.decodeJson("{\"type\":\"mirror\",\"device\":\"resync\",\"len\":10,\"offset\":5}", BlockJobInfo.class);
        assertThat(job).isEqualTo(new BlockJobInfo("mirror", "resync", 10, 5, null, null, null, null, null, null));
        assertThat(job.jobStatus()).isEqualTo(JobStatus.UNKNOWN);

        ImageInfo image = Replies.decodeJson("{\"filename\":\"a.qcow2\",\"format\":\"qcow2\"}", ImageInfo.class);
        assertThat(image).isEqualTo(new ImageInfo("a.qcow2", "qcow2", null, null, null, null));

        assertThat(Replies.decodeJson("{}", StatusInfo.class)).isEqualTo(new StatusInfo(false, null, null));
        assertThat(Replies.decodeJson("{}", ColoStatusInfo.class)).isEqualTo(new ColoStatusInfo(null, null, null));
        assertThat(Replies.decodeJson("{}", ChardevReturn.class).pty()).isNull();
        assertThat(Replies.decodeJson("{\"label\":\"c\",\"filename\":\"null\"}", ChardevInfo.class).frontendOpen()).isNull();
        assertThat(Replies.decodeJson("{\"name\":\"p\",\"type\":\"str\"}", ObjectPropertyInfo.class).description()).isNull();

        SchemaInfo bare = Replies.decodeJson("{\"name\":\"int\",\"meta-type\":\"builtin\",\"json-type\":\"int\"}", SchemaInfo.class);
        assertThat(bare.members()).isNull();
        assertThat(bare.features()).isNull();
        assertThat(bare.hasFeature("deprecated")).isFalse();
        assertThat(bare.member("x")).isEmpty();
        SchemaMember required = Replies.decodeJson("{\"name\":\"uri\",\"type\":\"str\"}", SchemaMember.class);
        assertThat(required.defaultValue()).isNull();
        assertThat(required.optional()).isFalse();
    }

    @Test
    void missingListsOfTheBlockGraphBecomeEmpty() {
        XDbgBlockGraph graph = Replies.decodeJson("{}", XDbgBlockGraph.class);
        assertThat(graph.nodes()).isEmpty();
        assertThat(graph.edges()).isEmpty();
        XDbgBlockGraphEdge edge = Replies.decodeJson("{\"parent\":1,\"child\":2,\"name\":\"root\"}", XDbgBlockGraphEdge.class);
        assertThat(edge.perm()).isEmpty();
        assertThat(edge.sharedPerm()).isEmpty();
    }

    @Test
    void decodedValuesAreImmutable() throws Exception {
        MigrationInfo info = Replies.decode("query-migrate-completed", MigrationInfo.class);
        ((ObjectNode) info.ram()).put("page-size", 1);
        assertThat(info.ram().get("page-size").asInt()).isEqualTo(4096);

        XDbgBlockGraph graph = Replies.decode("x-debug-query-block-graph", XDbgBlockGraph.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> graph.nodes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void replyRecordsRenderBackToQemusMembers() throws Exception {
        // a fake QMP server (colo-testkit) can answer with these records
        com.fasterxml.jackson.databind.type.TypeFactory types = QmpJson.mapper().getTypeFactory();
        Map<String, JavaType> fixtures = Map.of(
                "query-colo-status-secondary-after-failover", types.constructType(ColoStatusInfo.class),
                "query-status", types.constructType(StatusInfo.class),
                "x-debug-query-block-graph", types.constructType(XDbgBlockGraph.class),
                "add-fd", types.constructType(AddFdInfo.class),
                "query-yank-block-node", types.constructCollectionType(List.class, YankInstance.class),
                "query-chardev-after-add", types.constructCollectionType(List.class, ChardevInfo.class));
        for (Map.Entry<String, JavaType> fixture : fixtures.entrySet()) {
            JsonNode original = Replies.returnOf(fixture.getKey());
            Object decoded = QmpJson.mapper().readerFor(fixture.getValue()).readValue(original);
            JsonNode rendered = QmpJson.mapper().readTree(QmpJson.write(decoded)); // long ids re-read as ints
            assertThat(rendered).as(fixture.getKey()).isEqualTo(original);
        }
    }
}
