package org.colo4j.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON rules colo4j speaks QMP with, shared by the client and by everything that renders QMP
 * commands without sending them (dry-run plans, golden tests).
 *
 * <p>Rendering is deterministic: the same command gives the same bytes. Members appear in record
 * declaration order, {@code null} members are omitted, map entries keep their insertion order.
 */
public final class QmpJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private QmpJson() {}

    /** The shared, fully configured mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The {@code arguments} object of {@code command}, or {@code null} when the command takes none.
     */
    public static ObjectNode arguments(QmpCommand<?> command) {
        Objects.requireNonNull(command, "command");
        JsonNode node = MAPPER.valueToTree(command);
        if (node == null || node.isNull() || node.isEmpty()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    command.commandName() + ": arguments must render to a JSON object, got " + node.getNodeType());
        }
        return (ObjectNode) node;
    }

    /**
     * The command object as it would go on the wire, without an {@code id}:
     * {@code {"execute":"name","arguments":{...}}}.
     */
    public static ObjectNode commandNode(QmpCommand<?> command) {
        return commandNode(command.commandName(), arguments(command));
    }

    /** The untyped form of {@link #commandNode(QmpCommand)}; {@code arguments} may be null. */
    public static ObjectNode commandNode(String name, JsonNode arguments) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("execute", name);
        if (arguments != null && !arguments.isEmpty()) {
            node.set("arguments", arguments);
        }
        return node;
    }

    /** One line of compact JSON for {@code command}, as in COLO-FT.txt (no id). */
    public static String toJson(QmpCommand<?> command) {
        return write(commandNode(command));
    }

    /** Compact JSON text of any tree or value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Arguments given as a map, converted to a tree (insertion order kept). */
    static ObjectNode argumentsOf(Map<String, ?> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            return null;
        }
        return MAPPER.valueToTree(arguments);
    }

    /** Decodes a reply or event payload according to {@code type}. */
    @SuppressWarnings("unchecked")
    static <R> R decode(JsonNode node, QmpReturn<R> type) {
        return switch (type.kind()) {
            case NONE -> null;
            case RAW -> (R) node;
            case CLASS -> decode(node, type.type());
            case TYPE_REFERENCE -> {
                try {
                    yield MAPPER.readerFor(type.typeReference()).readValue(node);
                } catch (java.io.IOException e) {
                    throw new QmpProtocolException("reply does not match " + type + ": " + e.getMessage(), e);
                }
            }
        };
    }

    static <T> T decode(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new QmpProtocolException("cannot decode " + type.getSimpleName() + " from " + node + ": "
                    + e.getMessage(), e);
        }
    }
}
