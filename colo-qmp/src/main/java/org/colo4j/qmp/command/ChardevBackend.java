package org.colo4j.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.colo4j.qmp.QmpJson;

/**
 * The {@code backend} of {@link ChardevAdd}: {@code {"type": "socket", "data": {...}}}.
 *
 * @param type the backend type, e.g. {@code socket}, {@code pty}, {@code null}
 * @param data that type's options; copied
 */
public record ChardevBackend(String type, JsonNode data) {

    public ChardevBackend {
        Args.text(type, "type");
        Objects.requireNonNull(data, "data");
        if (!data.isObject()) {
            throw new IllegalArgumentException("data must be a JSON object ({} for none), got " + data);
        }
        data = data.deepCopy();
    }

    /** A socket backend. */
    public static ChardevBackend socket(ChardevSocket socket) {
        Objects.requireNonNull(socket, "socket");
        return new ChardevBackend("socket", QmpJson.mapper().valueToTree(socket));
    }

    /** A copy of the backend options. */
    @Override
    public JsonNode data() {
        return data.deepCopy();
    }
}
