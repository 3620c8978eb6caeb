package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A QMP conversation as text: what the client sent ({@code ->}) and what QEMU sent ({@code <-}),
 * in the notation of QEMU's own QAPI documentation. Read one to replay it with
 * {@link FakeQmpServer.Builder#replay(QmpTranscript)}; get one from a fake with
 * {@link FakeQmpServer#transcript()} and {@link #write(Path)} it.
 *
 * <pre>
 * # COLO-FT.txt step 3, on the secondary
 * -&gt; {"execute": "qmp_capabilities"}
 * &lt;- {"return": {}}
 * -&gt; {"execute": "nbd-server-start",
 *     "arguments": {"addr": {"type": "inet", "data": {"host": "0.0.0.0", "port": "9999"}}}}
 * &lt;- {"return": {}}
 * -&gt; {"execute": "nbd-server-stop"}
 * &lt;- {"timestamp": {"seconds": 1795312880, "microseconds": 263402}, "event": "BLOCK_EXPORT_DELETED", "data": {"id": "parent0"}}
 * &lt;- {"return": {}}
 * </pre>
 *
 * <p>Rules: an entry starts with {@code ->} or {@code <-} at the start of a line and holds one JSON
 * value, which may continue on the following lines; lines starting with {@code #} and blank lines
 * between entries are ignored. The greeting, if recorded, is the first {@code <-} entry. Immutable.
 */
public final class QmpTranscript {

    /** Who sent an entry. */
    public enum Direction {
        /** The client sent it ({@code ->}). */
        CLIENT("->"),
        /** QEMU (or the fake) sent it ({@code <-}). */
        SERVER("<-");

        private final String marker;

        Direction(String marker) {
            this.marker = marker;
        }

        /**
         * {@code ->} or {@code <-}.
         *
         * @return {@code ->} or {@code <-}
         */
        public String marker() {
            return marker;
        }
    }

    /**
     * One message of the conversation.
     *
     * @param direction who sent it
     * @param message the JSON message; copied
     * @param line the line it starts on in the text it was read from, 0 if it was not read
     */
    public record Entry(Direction direction, JsonNode message, int line) {

        /**
         * Validates and copies.
         *
         * @param direction who sent it
         * @param message the JSON message
         * @param line the line it starts on, 0 if it was not read
         * @throws NullPointerException if {@code direction} or {@code message} is null
         */
        public Entry {
            Objects.requireNonNull(direction, "direction");
            message = Objects.requireNonNull(message, "message").deepCopy();
        }

        /**
         * A copy of the message.
         *
         * @return the message
         */
        @Override
        public JsonNode message() {
            return message.deepCopy();
        }

        /** {@code -> {...}} or {@code <- {...}} in QEMU's JSON spelling. */
        @Override
        public String toString() {
            return direction.marker() + " " + QmpWire.render(message);
        }
    }

    private final List<Entry> entries;

    private QmpTranscript(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * A transcript of {@code entries}, in order.
     *
     * @param entries the messages
     * @return the transcript
     */
    public static QmpTranscript of(List<Entry> entries) {
        Objects.requireNonNull(entries, "entries");
        return new QmpTranscript(entries);
    }

    /**
     * Reads a transcript file (UTF-8).
     *
     * @param file the file
     * @return the transcript
     * @throws TestkitException if it cannot be read
     * @throws IllegalArgumentException if it breaks the rules above; the message names the line
     */
    public static QmpTranscript read(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new TestkitException("cannot read QMP transcript " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses transcript text.
     *
     * @param text the transcript
     * @return the transcript
     * @throws IllegalArgumentException if it breaks the rules above; the message names the line
     */
    public static QmpTranscript parse(String text) {
        Objects.requireNonNull(text, "text");
        return parse(text, "transcript");
    }

    private static QmpTranscript parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        Direction direction = null;
        StringBuilder json = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            Direction marker = trimmed.startsWith("->") ? Direction.CLIENT : trimmed.startsWith("<-") ? Direction.SERVER : null;
            if (marker != null) {
                if (direction != null) {
                    entries.add(entry(direction, json, start, source));
                }
                direction = marker;
                json.setLength(0);
                json.append(trimmed.substring(2));
                start = i + 1;
            } else if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            } else if (direction == null) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected '->' or '<-' before '"
                        + trimmed + "' (each entry starts with a direction marker)");
            } else {
                json.append('\n').append(line);
            }
        }
        if (direction != null) {
            entries.add(entry(direction, json, start, source));
        }
        return new QmpTranscript(entries);
    }

    private static Entry entry(Direction direction, StringBuilder json, int line, String source) {
        JsonNode message;
        try {
            message = JsonArgs.parse(json.toString(), "entry");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " line " + line + ": " + e.getMessage(), e);
        }
        if (!message.isObject()) {
            throw new IllegalArgumentException(source + " line " + line + ": a QMP message is a JSON object, got "
                    + QmpWire.render(message));
        }
        if (direction == Direction.CLIENT && !message.has("execute") && !message.has("exec-oob")) {
            throw new IllegalArgumentException(source + " line " + line + ": a '->' entry must have \"execute\" or"
                    + " \"exec-oob\", got " + QmpWire.render(message));
        }
        return new Entry(direction, message, line);
    }

    /**
     * The entries, in order.
     *
     * @return the entries, in order
     */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The names of the commands the client sent, in order.
     *
     * @return the names of the commands the client sent, in order
     */
    public List<String> commandNames() {
        return entries.stream().filter(e -> e.direction() == Direction.CLIENT)
                .map(e -> e.message().has("execute") ? e.message().get("execute").asText()
                        : e.message().path("exec-oob").asText())
                .toList();
    }

    /**
     * The transcript as text, one entry per line, in QEMU's JSON spelling.
     *
     * @return the transcript as text, one entry per line, in QEMU's JSON spelling
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            out.append(e).append('\n');
        }
        return out.toString();
    }

    /**
     * Writes {@link #render()} to {@code file} (UTF-8), replacing it.
     *
     * @param file the file
     * @throws TestkitException if it cannot be written
     */
    public void write(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Files.writeString(file, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestkitException("cannot write QMP transcript " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "QmpTranscript{" + entries.size() + " entries, commands " + commandNames() + "}";
    }
}
