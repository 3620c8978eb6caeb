package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpGreeting;

/**
 * QEMU's own JSON spelling of QMP messages: {@code ": "} after member names, {@code ", "} between
 * members and elements, non-ASCII and control characters escaped as upper-case {@code \\uXXXX}
 * (as qobject/qjson.c does), replies with {@code id} last and errors with {@code id} first.
 */
final class QmpWire {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private QmpWire() {}

    /** {@code value} in QEMU's spelling, on one line. */
    static String render(JsonNode value) {
        StringBuilder out = new StringBuilder(64);
        write(out, value);
        return out.toString();
    }

    /** The greeting line for {@code greeting}. */
    static String greeting(QmpGreeting greeting) {
        QemuVersion v = greeting.version();
        ObjectNode qemu = NODES.objectNode();
        qemu.put("micro", v.micro());
        qemu.put("minor", v.minor());
        qemu.put("major", v.major());
        ObjectNode version = NODES.objectNode();
        version.set("qemu", qemu);
        version.put("package", greeting.packageName());
        ObjectNode qmp = NODES.objectNode();
        qmp.set("version", version);
        qmp.set("capabilities", NODES.arrayNode().addAll(greeting.capabilities().stream().map(NODES::textNode).toList()));
        ObjectNode root = NODES.objectNode();
        root.set("QMP", qmp);
        return render(root);
    }

    /** {@code {"return": value, "id": id}}; without {@code id} when the command had none. */
    static ObjectNode reply(JsonNode id, JsonNode value) {
        ObjectNode root = NODES.objectNode();
        root.set("return", value);
        if (id != null) {
            root.set("id", id);
        }
        return root;
    }

    /** {@code {"id": id, "error": {"class": ..., "desc": ...}}}; without {@code id} when there is none. */
    static ObjectNode error(JsonNode id, String errorClass, String description) {
        ObjectNode root = NODES.objectNode();
        if (id != null) {
            root.set("id", id);
        }
        ObjectNode error = root.putObject("error");
        error.put("class", errorClass);
        error.put("desc", description);
        return root;
    }

    /**
     * {@code {"timestamp": {"seconds": S, "microseconds": U}, "event": NAME, "data": {...}}}, without
     * {@code data} when it is empty, as QEMU sends events.
     */
    static ObjectNode event(QmpEvent event, Instant when) {
        ObjectNode root = NODES.objectNode();
        ObjectNode ts = root.putObject("timestamp");
        ts.put("seconds", when.getEpochSecond());
        ts.put("microseconds", when.getNano() / 1000);
        root.put("event", event.name());
        if (!event.data().isEmpty()) {
            root.set("data", event.data().deepCopy());
        }
        return root;
    }

    private static void write(StringBuilder out, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("null");
        } else if (value.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
            boolean first = true;
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!first) {
                    out.append(", ");
                }
                first = false;
                string(out, field.getKey());
                out.append(": ");
                write(out, field.getValue());
            }
            out.append('}');
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(out, value.get(i));
            }
            out.append(']');
        } else if (value.isTextual()) {
            string(out, value.asText());
        } else if (value.isBoolean()) {
            out.append(value.asBoolean());
        } else if (value.isIntegralNumber()) {
            out.append(value.bigIntegerValue());
        } else if (value.isNumber()) {
            double d = value.asDouble();
            out.append(Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : "0");
        } else {
            string(out, value.asText());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
