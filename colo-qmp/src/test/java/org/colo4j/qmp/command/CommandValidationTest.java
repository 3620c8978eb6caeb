package org.colo4j.qmp.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.colo4j.qmp.QmpJson;
import org.junit.jupiter.api.Test;

/** Commands reject missing, blank and contradictory arguments before QEMU sees them, and are immutable. */
class CommandValidationTest {

    @Test
    void requiredComponentsAreNamed() {
        assertThatNullPointerException().isThrownBy(() -> new Migrate(null)).withMessage("uri");
        assertThatNullPointerException().isThrownBy(() -> new NbdServerStart(null, null, null, null)).withMessage("addr");
        assertThatNullPointerException().isThrownBy(() -> new ChardevAdd("c", null)).withMessage("backend");
        assertThatNullPointerException().isThrownBy(() -> new BlockdevDel(null)).withMessage("nodeName");
        assertThatNullPointerException().isThrownBy(() -> new DriveMirror("j", "d", null, null, "full", null, null))
                .withMessage("target");
        assertThatNullPointerException().isThrownBy(() -> new MigrateSetCapabilities(null)).withMessage("capabilities");
        assertThatNullPointerException().isThrownBy(() -> new QomGet("/machine", null)).withMessage("property");
        assertThatNullPointerException().isThrownBy(() -> new BlockExportAdd("nbd", "e", null, true, null)).withMessage("nodeName");
    }

    @Test
    void blankTextIsRejected() {
        assertThatThrownBy(() -> new ObjectDel(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> new NbdServerAdd("parent0", "", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name").hasMessageContaining("null");
        assertThatThrownBy(() -> HumanMonitorCommand.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commandLine");
    }

    @Test
    void xBlockdevChangeNeedsExactlyOneOfChildAndNode() {
        assertThatThrownBy(() -> new XBlockdevChange("colo-disk0", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one of child");
        assertThatThrownBy(() -> new XBlockdevChange("colo-disk0", "children.1", "replication0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one of child");
    }

    @Test
    void blockdevAddNeedsDriverAndNodeName() {
        ObjectNode noDriver = QmpJson.mapper().createObjectNode().put("node-name", "n0");
        assertThatThrownBy(() -> new BlockdevAdd(noDriver)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("options.driver");
        ObjectNode noName = QmpJson.mapper().createObjectNode().put("driver", "qcow2");
        assertThatThrownBy(() -> new BlockdevAdd(noName)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("options.node-name");
    }

    @Test
    void blockdevAddIsImmutable() {
        ObjectNode options = QmpJson.mapper().createObjectNode().put("driver", "null-co").put("node-name", "n0");
        BlockdevAdd add = new BlockdevAdd(options);
        options.put("node-name", "changed");
        add.options().put("node-name", "changed too");
        assertThat(add.nodeName()).isEqualTo("n0");
    }

    @Test
    void socketAddressChecksPortAndIsImmutable() {
        assertThatThrownBy(() -> SocketAddressLegacy.inet("0.0.0.0", 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> new SocketAddressLegacy("inet", QmpJson.mapper().getNodeFactory().textNode("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
        SocketAddressLegacy addr = SocketAddressLegacy.inet("0.0.0.0", 9999);
        ((ObjectNode) addr.data()).put("port", "1");
        assertThat(addr.data().get("port").asText()).isEqualTo("9999");
        assertThat(addr).isEqualTo(SocketAddressLegacy.inet("0.0.0.0", 9999));
    }

    @Test
    void chardevSocketReconnectRules() {
        SocketAddressLegacy addr = SocketAddressLegacy.inet("127.0.0.1", 9001);
        assertThatThrownBy(() -> new ChardevSocket(addr, false, null, null, 1L, 1000L, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> new ChardevSocket(addr, true, null, null, null, 1000L, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client sockets only");
        assertThatThrownBy(() -> new ChardevBackend("socket", QmpJson.mapper().getNodeFactory().arrayNode()))
                .isInstanceOf(IllegalArgumentException.class);
        JsonNode data = ChardevBackend.socket(ChardevSocket.server(addr)).data();
        assertThat(data.get("server").asBoolean()).isTrue();
    }

    @Test
    void mirrorTuningIsCheckedAsQemuChecksIt() {
        DriveMirror m = DriveMirror.toExisting("j", "d", "t", "raw");
        assertThatThrownBy(() -> m.withTuning(1000L, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("granularity").hasMessageContaining("power of 2");
        assertThatThrownBy(() -> m.withTuning(256L, null, null)).hasMessageContaining("granularity");
        assertThatThrownBy(() -> m.withTuning(128L << 20, null, null)).hasMessageContaining("granularity");
        assertThatThrownBy(() -> m.withTuning(null, -1L, null)).hasMessageContaining("bufSize");
        assertThatThrownBy(() -> m.withTuning(null, null, "eager")).hasMessageContaining("copyMode");
        assertThatThrownBy(() -> BlockdevMirror.full("j", "d", "t").withTuning(3L << 20, null, null)).hasMessageContaining("granularity");
        assertThat(m.withTuning(512L, 0L, "background").granularity()).isEqualTo(512L);
        assertThat(m.withTuning(64L << 20, null, "write-blocking").copyMode()).isEqualTo("write-blocking");
    }

    @Test
    void numbersMustNotBeNegative() {
        assertThatThrownBy(() -> MigrateSetParameters.checkpointDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new MigrateSetParameters(null, -5L, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBandwidth");
        assertThatThrownBy(() -> new DriveMirror(null, "d", "t", null, "full", null, -1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
        assertThatThrownBy(() -> new RemoveFd(-1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NbdServerStart(SocketAddressLegacy.unix("/s"), null, null, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> Migrate.tcp("h", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MigrateSetParameters.checkpointDelay(Duration.ofMillis(2500)).xCheckpointDelay()).isEqualTo(2500L);
    }

    @Test
    void otherChecks() {
        assertThatThrownBy(() -> new BlockExportDel("e", "soft")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"safe\", \"hard\"");
        assertThatThrownBy(() -> new GetFd("1fd")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digit");
        assertThatThrownBy(() -> new YankInstance(null, null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void objectAddPropsAreCopiedAndChecked() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("netdev", "hn0");
        ObjectAdd add = new ObjectAdd("filter-mirror", "m0", props);
        props.put("queue", "tx");
        assertThat(add.props()).containsOnlyKeys("netdev");
        assertThatThrownBy(() -> add.props().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(add.with("queue", "tx").props()).containsOnlyKeys("netdev", "queue");
        assertThat(add.props()).containsOnlyKeys("netdev");

        Map<String, Object> withNull = new HashMap<>();
        withNull.put("outdev", null);
        assertThatNullPointerException().isThrownBy(() -> new ObjectAdd("filter-mirror", "m0", withNull))
                .withMessageContaining("props.outdev");
        assertThatThrownBy(() -> ObjectAdd.of("iothread", "i").with("id", "other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"id\"");
        assertThat(new ObjectAdd("iothread", "i", null).props()).isEmpty();
        assertThat(ObjectAdd.of("iothread", "i").legacy()).isEqualTo(new ObjectAddLegacy("iothread", "i", Map.of()));
    }

    @Test
    void listsAreCopied() {
        List<MigrationCapabilityStatus> caps = new ArrayList<>(List.of(new MigrationCapabilityStatus("x-colo", true)));
        MigrateSetCapabilities set = new MigrateSetCapabilities(caps);
        caps.clear();
        assertThat(set.capabilities()).hasSize(1);
        assertThatThrownBy(() -> set.capabilities().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new QmpCapabilities(null).enable()).isNull();
        assertThat(Yank.of().instances()).isEmpty();
    }
}
