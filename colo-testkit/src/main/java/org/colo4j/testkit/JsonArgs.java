package org.colo4j.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.colo4j.qmp.QmpJson;

/** JSON helpers shared by the fakes: parsing, normalizing and comparing argument objects. */
final class JsonArgs {

    private static final ObjectMapper MAPPER = QmpJson.mapper();

    private JsonArgs() {}

    /**
     * Whether {@code a} and {@code b} are the same JSON value, ignoring member order and the Java
     * number type Jackson chose (an int and a long of the same value are equal). Null and an empty
     * object are equal, as QMP treats a missing {@code arguments} like {@code {}}.
     */
    static boolean sameJson(JsonNode a, JsonNode b) {
        return normalize(a).equals(normalize(b));
    }

    /** {@code value} re-read from its text, so that numbers get the types parsing gives them. */
    static JsonNode normalize(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not renderable as JSON: " + value, e);
        }
    }

    /** Parses {@code json}; the message names {@code what} when it is not JSON. */
    static JsonNode parse(String json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(what + " is empty; give JSON text such as {}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage() + " in '" + json + "'", e);
        }
    }

    /** Parses {@code json}, which must be an object. */
    static ObjectNode parseObject(String json, String what) {
        JsonNode node = parse(json, what);
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object such as {\"id\": \"x\"}, got " + json);
        }
        return (ObjectNode) node;
    }

    /** Any value (record, map, list, string, number, tree) as a JSON tree, with QmpJson's rules. */
    static JsonNode tree(Object value) {
        if (value instanceof JsonNode node) {
            return node.deepCopy();
        }
        return normalize(MAPPER.valueToTree(value));
    }

    /** A map of arguments as an object tree (insertion order kept). */
    static ObjectNode object(Map<String, ?> map) {
        JsonNode node = tree(map);
        if (!node.isObject()) {
            throw new IllegalArgumentException("arguments must render to a JSON object, got " + node);
        }
        return (ObjectNode) node;
    }
}
