package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpJson;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code blockdev-add}: creates a block node from a free-form {@code BlockdevOptions} object, which
 * is sent as the whole {@code arguments} object.
 *
 * <p>The COLO primary adds its replication child this way (no HMP {@code drive_add} needed):
 * <pre>{@code
 * {"driver": "replication", "mode": "primary", "node-name": "replication0",
 *  "file": {"driver": "nbd", "server": {"type": "inet", "host": "127.0.0.2", "port": "9999"},
 *           "export": "parent0"}}
 * }</pre>
 * then attaches it to the quorum with {@link XBlockdevChange#addNode(String, String)}. The
 * {@code replication} driver exists only with {@code CONFIG_REPLICATION}.
 *
 * @param options the node's options; must name a {@code driver} and, at the top level, a
 *     {@code node-name}; copied
 */
public record BlockdevAdd(ObjectNode options) implements QmpCommand<Void> {

    public BlockdevAdd {
        Objects.requireNonNull(options, "options");
        requireText(options, "driver", "e.g. \"qcow2\", \"replication\", \"nbd\"");
        requireText(options, "node-name", "blockdev-add needs a node-name for the top-level node");
        options = options.deepCopy();
    }

    /** The same, from a map of options (nested maps and lists become JSON objects and arrays). */
    public static BlockdevAdd of(Map<String, ?> options) {
        Objects.requireNonNull(options, "options");
        return new BlockdevAdd(QmpJson.mapper().valueToTree(options));
    }

    /** A copy of the options; rendered as the command's {@code arguments}. */
    @JsonValue
    @Override
    public ObjectNode options() {
        return options.deepCopy();
    }

    /** The node name the new node gets. */
    public String nodeName() {
        return options.get("node-name").asText();
    }

    /** The block driver, e.g. {@code replication}. */
    public String driver() {
        return options.get("driver").asText();
    }

    private static void requireText(ObjectNode options, String member, String hint) {
        JsonNode value = options.get(member);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("options." + member + " must be a non-blank string (" + hint + "), got "
                    + (value == null ? "nothing" : value.toString()));
        }
    }

    @Override
    public String commandName() {
        return "blockdev-add";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
