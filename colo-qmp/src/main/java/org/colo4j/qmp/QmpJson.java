package org.colo4j.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    /**
     * What is known about a command class's rendering. A record without components has no instance
     * state, so once one instance rendered to no arguments every instance does: argument-less commands
     * such as {@code query-status} then skip Jackson's tree conversion, the largest allocation of a
     * call.
     */
    private static final class Shape {
        final boolean stateless;
        volatile boolean rendersEmpty;

        Shape(Class<?> type) {
            stateless = type.isRecord() && type.getRecordComponents().length == 0;
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    private QmpJson() {}

    /** The shared, fully configured mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The {@code arguments} object of {@code command}, or {@code null} when the command takes none.
     *
     * @throws IllegalArgumentException if the command does not render as a JSON object
     */
    public static ObjectNode arguments(QmpCommand<?> command) {
        Objects.requireNonNull(command, "command");
        Shape shape = SHAPES.get(command.getClass());
        if (shape.rendersEmpty) {
            return null;
        }
        JsonNode node = MAPPER.valueToTree(command);
        if (node == null || node.isNull() || node.isEmpty()) {
            if (shape.stateless) {
                shape.rendersEmpty = true;
            }
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
     *
     * @throws IllegalArgumentException if the command does not render as a JSON object
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

    /**
     * One line of compact JSON for {@code command}, as in COLO-FT.txt (no id).
     *
     * @throws IllegalArgumentException if the command does not render as JSON
     */
    public static String toJson(QmpCommand<?> command) {
        return write(commandNode(command));
    }

    /**
     * Compact JSON text of any tree or value.
     *
     * @throws IllegalArgumentException if {@code value} cannot be rendered as JSON
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * One command as the client sends it, newline included:
     * {@code {"execute":"name","arguments":{...},"id":N}\n}. The bytes are those Jackson writes for
     * that object; the envelope is assembled directly, and only the arguments go through Jackson.
     */
    static byte[] commandLine(String verb, String name, ObjectNode arguments, long id) throws IOException {
        if (id < 0 || !plainAscii(verb) || !plainAscii(name)) {
            ObjectNode message = MAPPER.createObjectNode();
            message.put(verb, name);
            if (arguments != null) {
                message.set("arguments", arguments);
            }
            message.put("id", id);
            byte[] json = MAPPER.writeValueAsBytes(message);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        }
        byte[] args = arguments == null ? null : MAPPER.writeValueAsBytes(arguments);
        int digits = 1;
        for (long v = id; v >= 10; v /= 10) {
            digits++;
        }
        int length = 2 + verb.length() + 3 + name.length() + 1 + (args == null ? 0 : ARGUMENTS.length + args.length)
                + ID.length + digits + 2;
        byte[] line = new byte[length];
        int at = 0;
        line[at++] = '{';
        line[at++] = '"';
        at = ascii(verb, line, at);
        line[at++] = '"';
        line[at++] = ':';
        line[at++] = '"';
        at = ascii(name, line, at);
        line[at++] = '"';
        if (args != null) {
            System.arraycopy(ARGUMENTS, 0, line, at, ARGUMENTS.length);
            at += ARGUMENTS.length;
            System.arraycopy(args, 0, line, at, args.length);
            at += args.length;
        }
        System.arraycopy(ID, 0, line, at, ID.length);
        at += ID.length;
        long v = id;
        for (int i = at + digits - 1; i >= at; i--) {
            line[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        at += digits;
        line[at++] = '}';
        line[at] = '\n';
        return line;
    }

    private static final byte[] ARGUMENTS = ",\"arguments\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = ",\"id\":".getBytes(StandardCharsets.US_ASCII);

    /** Printable ASCII that JSON writes as it is (no quote, no backslash). */
    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static int ascii(String s, byte[] into, int at) {
        for (int i = 0; i < s.length(); i++) {
            into[at++] = (byte) s.charAt(i);
        }
        return at;
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

    /**
     * Decodes a {@code return} value buffered as tokens, without building a tree first. Should that
     * fail, the value is decoded again from a tree by {@link #decode(JsonNode, QmpReturn)}, so that the
     * outcome and its error message are exactly those of the tree path.
     */
    @SuppressWarnings("unchecked")
    static <R> R decode(TokenBuffer value, QmpReturn<R> type) {
        if (type.kind() == QmpReturn.Kind.NONE) {
            return null;
        }
        try {
            if (type.kind() == QmpReturn.Kind.RAW) {
                return (R) MAPPER.readTree(value.asParser(MAPPER));
            }
            return type.reader().readValue(value.asParser(MAPPER));
        } catch (java.io.IOException | RuntimeException e) {
            JsonNode tree;
            try {
                tree = MAPPER.readTree(value.asParser(MAPPER));
            } catch (java.io.IOException bad) {
                throw new QmpProtocolException("reply does not match " + type + ": " + bad.getMessage(), bad);
            }
            return decode(tree, type);
        }
    }

    /** The reader for a CLASS or TYPE_REFERENCE return type. */
    static ObjectReader readerFor(QmpReturn<?> type) {
        return type.kind() == QmpReturn.Kind.CLASS ? MAPPER.readerFor(type.type()) : MAPPER.readerFor(type.typeReference());
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
