package org.colo4j;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pair file parsed into a tree that remembers where every value and field name stands (1-based
 * line and column), for errors that point into the file. JSON and YAML give the same tree; scalars
 * keep their text and their token type.
 */
final class PairTree {

    private PairTree() {}

    /** A position in the file. */
    record At(int line, int column) {

        static final At START = new At(1, 1);

        static At of(JsonLocation l) {
            return l == null || l.getLineNr() < 1 ? START : new At(l.getLineNr(), Math.max(1, l.getColumnNr()));
        }
    }

    /** A value of the tree. */
    sealed interface Node permits Obj, Arr, Scalar {
        At at();

        /** What the value is, for messages: an object, a list, a number, text, ... */
        String kind();
    }

    /** A field of an object: its name, where the name stands, and its value. */
    record Field(String name, At at, Node value) {}

    /** An object, its fields in file order. */
    record Obj(At at, Map<String, Field> fields) implements Node {
        @Override
        public String kind() {
            return "an object";
        }
    }

    /** A list. */
    record Arr(At at, List<Node> items) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A number, text, true/false or null, with the file's text. */
    record Scalar(At at, JsonToken token, String text) implements Node {
        @Override
        public String kind() {
            return switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + text;
                case VALUE_TRUE, VALUE_FALSE -> text;
                case VALUE_NULL -> "null";
                default -> "the text '" + text + "'";
            };
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /**
     * The tree of {@code text}; field names given twice in one object are added to {@code problems}
     * (the later value is kept).
     *
     * @throws JsonProcessingException on a syntax error (it carries the location)
     */
    static Node parse(JsonFactory factory, String text, List<PairFileException.Located> problems, String root)
            throws IOException {
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() == null) {
                throw new EmptyFileException();
            }
            Node node = value(p, problems, root);
            if (p.nextToken() != null) {
                At at = At.of(p.currentTokenLocation());
                problems.add(new PairFileException.Located(new ColoProblem("(file)", "holds more than one document or"
                        + " value: a pair file is one object"), at.line(), at.column()));
            }
            return node;
        }
    }

    /** The file holds no value at all. */
    static final class EmptyFileException extends IOException {
        EmptyFileException() {
            super("the file is empty");
        }
    }

    private static Node value(JsonParser p, List<PairFileException.Located> problems, String path) throws IOException {
        At at = At.of(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Field> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                At nameAt = At.of(p.currentTokenLocation());
                p.nextToken();
                String child = path.isEmpty() ? name : path + "." + name;
                Field f = new Field(name, nameAt, value(p, problems, child));
                if (fields.put(name, f) != null) {
                    problems.add(new PairFileException.Located(new ColoProblem(child, "is given twice in one object: keep"
                            + " one"), nameAt.line(), nameAt.column()));
                }
            }
            return new Obj(at, fields);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(value(p, problems, path + "[" + items.size() + "]"));
            }
            return new Arr(at, items);
        }
        return new Scalar(at, t, t == JsonToken.VALUE_NULL ? "null" : p.getText());
    }
}
