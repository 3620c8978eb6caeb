package org.colo4j.qmp;

import java.util.Objects;

/**
 * A QMP event name bound to the record its {@code data} decodes into.
 *
 * <pre>{@code
 * qmp.onEvent(QmpEvents.COLO_EXIT, exit -> log.warn("COLO exited: {}", exit.reason()));
 * }</pre>
 *
 * @param name the event name as QEMU spells it
 * @param dataType the record (or other Jackson-mappable type) {@code data} decodes into
 * @param <T> the decoded type
 */
public record QmpEventType<T>(String name, Class<T> dataType) {

    public QmpEventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
    }

    /** Shorthand for {@code new QmpEventType<>(name, dataType)}. */
    public static <T> QmpEventType<T> of(String name, Class<T> dataType) {
        return new QmpEventType<>(name, dataType);
    }
}
