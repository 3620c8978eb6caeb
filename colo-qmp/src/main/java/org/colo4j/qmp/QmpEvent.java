package org.colo4j.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * An asynchronous QMP event as QEMU sent it: its name, its {@code data} member (an empty object when
 * the event has none) and QEMU's timestamp.
 *
 * <p>Typed views are obtained with {@link #as(QmpEventType)}, e.g.
 * {@code event.as(QmpEvents.COLO_EXIT).reason()}.
 *
 * @param name the event name, e.g. {@code COLO_EXIT}
 * @param data the event's {@code data} member, never null
 * @param timestamp when QEMU emitted the event (microsecond precision)
 */
public record QmpEvent(String name, ObjectNode data, Instant timestamp) {

    public QmpEvent {
        Objects.requireNonNull(name, "name");
        data = data == null ? JsonNodeFactory.instance.objectNode() : data;
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The named member of {@code data}, or a missing node (never null). */
    public JsonNode get(String member) {
        return data.path(member);
    }

    /**
     * Decodes this event's data as {@code type}.
     *
     * @throws IllegalArgumentException if this event is not of that type
     * @throws QmpProtocolException if the data does not decode into the type's data class
     */
    public <T> T as(QmpEventType<T> type) {
        if (!type.name().equals(name)) {
            throw new IllegalArgumentException("event " + name + " is not a " + type.name() + " event");
        }
        return QmpJson.decode(data, type.dataType());
    }

    @Override
    public String toString() {
        return name + (data.isEmpty() ? "" : " " + data) + " @" + timestamp;
    }
}
