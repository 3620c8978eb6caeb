package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.colo4j.qmp.QmpJson;

/**
 * Loads replies captured from a real QEMU 7.2.22 (see src/test/resources/replies/README.md).
 */
public final class Replies {

    private Replies() {}

    /** The whole JSON document {@code replies/<name>.json}. */
    public static JsonNode document(String name) {
        String resource = "/replies/" + name + ".json";
        try (InputStream in = Replies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return QmpJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code return} member of reply {@code name}. */
    public static JsonNode returnOf(String name) {
        JsonNode ret = document(name).get("return");
        if (ret == null) {
            throw new IllegalArgumentException(name + " holds no successful reply");
        }
        return ret;
    }

    /** Reply {@code name} decoded as {@code type}. */
    public static <T> T decode(String name, Class<T> type) {
        try {
            return QmpJson.mapper().treeToValue(returnOf(name), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reply {@code name} decoded as a generic type. */
    public static <T> T decode(String name, TypeReference<T> type) {
        try {
            return QmpJson.mapper().readerFor(type).readValue(returnOf(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code json} decoded as {@code type}. */
    public static <T> T decodeJson(String json, Class<T> type) {
        try {
            return QmpJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
