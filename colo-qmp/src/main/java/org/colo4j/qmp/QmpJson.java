package org.colo4j.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
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

    /**
     * The mapper, built on first use (building one loads several hundred classes: the largest part of
     * a connection's cold start). Connecting, the greeting, {@code qmp_capabilities} and commands
     * without arguments need only the parser ({@link #FACTORY}); the first reply decoded into a type
     * builds it. (Building it on a background thread while connecting was measured slower on this
     * 2-core machine under load: it competes with the connecting thread for the CPU.)
     */
    private static final class Lazy {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    /** Parsers for the envelope of each line (no data binding): cheap to load. */
    static final JsonFactory FACTORY = new JsonFactory();

    /**
     * What is known about a command class's rendering. A record without components has no instance
     * state, so once one instance rendered to no arguments every instance does: argument-less commands
     * such as {@code query-status} then skip Jackson's tree conversion, the largest allocation of a
     * call. Such a record without Jackson annotations on its methods is known to render as nothing
     * before any rendering, so that the first {@code query-status} of a cold start needs no mapper.
     */
    private static final class Shape {
        final boolean stateless;
        volatile boolean rendersEmpty;

        Shape(Class<?> type) {
            stateless = type.isRecord() && type.getRecordComponents().length == 0;
            rendersEmpty = stateless && java.util.stream.Stream.concat(java.util.stream.Stream.of(type.getAnnotations()),
                            Arrays.stream(type.getDeclaredMethods()).flatMap(m -> Arrays.stream(m.getAnnotations())))
                    .noneMatch(a -> a.annotationType().getName().startsWith("com.fasterxml.jackson."));
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
        return Lazy.MAPPER;
    }

    /** {@code {"enable":["oob"]}}, the arguments of {@code qmp_capabilities} with OOB, rendered without the mapper. */
    static final ObjectNode ENABLE_OOB = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    private static final byte[] ENABLE_OOB_BYTES = "{\"enable\":[\"oob\"]}".getBytes(StandardCharsets.US_ASCII);

    static {
        ENABLE_OOB.putArray("enable").add("oob");
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
        JsonNode node = mapper().valueToTree(command);
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
        ObjectNode node = mapper().createObjectNode();
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
            return mapper().writeValueAsString(value);
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
            ObjectNode message = mapper().createObjectNode();
            message.put(verb, name);
            if (arguments != null) {
                message.set("arguments", arguments);
            }
            message.put("id", id);
            byte[] json = mapper().writeValueAsBytes(message);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        }
        byte[] args = arguments == null ? null
                : arguments == ENABLE_OOB ? ENABLE_OOB_BYTES : mapper().writeValueAsBytes(arguments);
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

    /**
     * Parses one JSON value into a tree with the streaming parser alone, without building the mapper
     * (the greeting, on a new connection's cold path). Numbers become longs or doubles.
     */
    static JsonNode readTreeLight(byte[] buf, int offset, int length) throws IOException {
        try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(buf, offset, length)) {
            if (p.nextToken() == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "no JSON value");
            }
            JsonNode node = lightValue(p);
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "more than one JSON value");
            }
            return node;
        }
    }

    private static JsonNode lightValue(com.fasterxml.jackson.core.JsonParser p) throws IOException {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, lightValue(p));
                }
                return o;
            }
            case START_ARRAY: {
                com.fasterxml.jackson.databind.node.ArrayNode a = f.arrayNode();
                while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                    a.add(lightValue(p));
                }
                return a;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return f.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + p.currentToken());
        }
    }

    /** Arguments given as a map, converted to a tree (insertion order kept). */
    static ObjectNode argumentsOf(Map<String, ?> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            return null;
        }
        return mapper().valueToTree(arguments);
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
                    yield mapper().readerFor(type.typeReference()).readValue(node);
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
                return (R) mapper().readTree(value.asParser(mapper()));
            }
            if (type.kind() == QmpReturn.Kind.CLASS) {
                Object light = LightRecords.decode(value.asParser(), type.type());
                if (light != LightRecords.FALLBACK) {
                    return (R) light;
                }
            }
            return type.reader().readValue(value.asParser(mapper()));
        } catch (java.io.IOException | RuntimeException e) {
            JsonNode tree;
            try {
                tree = mapper().readTree(value.asParser(mapper()));
            } catch (java.io.IOException bad) {
                throw new QmpProtocolException("reply does not match " + type + ": " + bad.getMessage(), bad);
            }
            return decode(tree, type);
        }
    }

    /** The reader for a CLASS or TYPE_REFERENCE return type. */
    static ObjectReader readerFor(QmpReturn<?> type) {
        return type.kind() == QmpReturn.Kind.CLASS ? mapper().readerFor(type.type()) : mapper().readerFor(type.typeReference());
    }

    static <T> T decode(JsonNode node, Class<T> type) {
        try {
            return mapper().treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new QmpProtocolException("cannot decode " + type.getSimpleName() + " from " + node + ": "
                    + e.getMessage(), e);
        }
    }
}
