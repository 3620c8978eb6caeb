package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** QmpSchema on a small schema shaped like QEMU's (type names masked as numbers, unions, arrays). */
class QmpSchemaTest {

    private static final String SCHEMA = """
            [
             {"name": "migrate-set-capabilities", "meta-type": "command", "arg-type": "10", "ret-type": "0"},
             {"name": "10", "meta-type": "object", "members": [{"name": "capabilities", "type": "[11]"}]},
             {"name": "[11]", "meta-type": "array", "element-type": "11"},
             {"name": "11", "meta-type": "object", "members": [{"name": "capability", "type": "12"}, {"name": "state", "type": "bool"}]},
             {"name": "12", "meta-type": "enum", "values": ["xbzrle", "x-colo"], "members": [{"name": "xbzrle"}, {"name": "x-colo"}]},
             {"name": "object-add", "meta-type": "command", "arg-type": "20", "ret-type": "0"},
             {"name": "20", "meta-type": "object", "tag": "qom-type",
              "members": [{"name": "qom-type", "type": "21"}, {"name": "id", "type": "str"}],
              "variants": [{"case": "filter-mirror", "type": "22"}, {"case": "colo-compare", "type": "23"}]},
             {"name": "21", "meta-type": "enum", "values": ["filter-mirror", "colo-compare", "iothread"]},
             {"name": "22", "meta-type": "object", "members": [{"name": "netdev", "type": "str"}, {"name": "outdev", "type": "str"}]},
             {"name": "23", "meta-type": "object", "members": [{"name": "primary_in", "type": "str"}, {"name": "iothread", "type": "str"}]},
             {"name": "blockdev-add", "meta-type": "command", "arg-type": "30", "ret-type": "0"},
             {"name": "30", "meta-type": "object", "members": [{"name": "driver", "type": "31"}, {"name": "node-name", "type": "str"}]},
             {"name": "31", "meta-type": "enum", "values": ["qcow2", "quorum", "replication"]},
             {"name": "migrate-set-parameters", "meta-type": "command", "arg-type": "40", "ret-type": "0"},
             {"name": "40", "meta-type": "object", "members": [{"name": "x-checkpoint-delay", "type": "int"}]},
             {"name": "x-colo-lost-heartbeat", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
             {"name": "0", "meta-type": "object", "members": []},
             {"name": "COLO_EXIT", "meta-type": "event", "arg-type": "50"}
            ]""";

    private final QmpSchema schema = QmpSchema.of(parse(SCHEMA));

    private static JsonNode parse(String json) {
        try {
            return QmpJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void commandsAndEvents() {
        assertThat(schema.hasCommand("x-colo-lost-heartbeat")).isTrue();
        assertThat(schema.hasCommand("COLO_EXIT")).isFalse();
        assertThat(schema.hasEvent("COLO_EXIT")).isTrue();
        assertThat(schema.commands()).hasSize(5);
    }

    @Test
    void migrationCapabilityThroughArrayAndObject() {
        assertThat(schema.hasMigrationCapability("x-colo")).isTrue();
        assertThat(schema.hasMigrationCapability("postcopy-ram")).isFalse();
        assertThat(schema.enumValues("migrate-set-capabilities", "capabilities.capability")).containsExactly("xbzrle", "x-colo");
    }

    @Test
    void objectTypesAndUnionVariantArguments() {
        assertThat(schema.hasObjectType("colo-compare")).isTrue();
        assertThat(schema.hasObjectType("filter-rewriter")).isFalse();
        assertThat(schema.arguments("object-add")).containsExactly("qom-type", "id", "netdev", "outdev", "primary_in", "iothread");
        assertThat(schema.hasArgument("object-add", "primary_in")).isTrue();
    }

    @Test
    void blockDriversAndMigrationParameters() {
        assertThat(schema.hasBlockDriver("replication")).isTrue();
        assertThat(schema.hasBlockDriver("nbd")).isFalse();
        assertThat(schema.hasMigrationParameter("x-checkpoint-delay")).isTrue();
        assertThat(schema.hasMigrationParameter("max-bandwidth")).isFalse();
    }

    @Test
    void unknownCommandsAndPathsAnswerEmpty() {
        assertThat(schema.arguments("nope")).isEmpty();
        assertThat(schema.enumValues("object-add", "id")).as("not an enum").isEmpty();
        assertThat(schema.enumValues("object-add", "no.such.path")).isEmpty();
    }

    @Test
    void rejectsANonArray() {
        assertThatThrownBy(() -> QmpSchema.of(parse("{}"))).isInstanceOf(QmpProtocolException.class);
    }
}
