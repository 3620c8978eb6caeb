package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpEventType;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.event.ColoExit;
import org.colo4j.qmp.event.Migration;
import org.colo4j.qmp.event.QmpEvents;

/**
 * Events for fakes to send, stamped with the fake's clock when they go out.
 *
 * <pre>{@code
 * server.sendEvent(FakeEvents.of("STOP"));
 * server.sendEvent(FakeEvents.of(QmpEvents.COLO_EXIT, new ColoExit(ColoMode.SECONDARY, ColoExitReason.ERROR)));
 * server.sendEvent(FakeEvents.coloExit(ColoMode.PRIMARY, ColoExitReason.REQUEST));
 * }</pre>
 *
 * <p>An event whose timestamp is {@link #UNSTAMPED} gets the fake's current time when sent; any
 * other timestamp (e.g. from a replayed transcript) is sent as it is.
 */
public final class FakeEvents {

    /** The timestamp that means "stamp me when sent". */
    public static final Instant UNSTAMPED = Instant.EPOCH;

    private FakeEvents() {}

    /**
     * An event without data, such as {@code STOP}, {@code RESUME} or {@code POWERDOWN}.
     *
     * @param name the event name as QEMU spells it
     * @return the event
     */
    public static QmpEvent of(String name) {
        return new QmpEvent(requireName(name), null, UNSTAMPED);
    }

    /**
     * An event with data.
     *
     * @param name the event name as QEMU spells it
     * @param data a record, map or Jackson object tree; rendered with {@code QmpJson.mapper()}
     * @return the event
     * @throws IllegalArgumentException if {@code data} does not render to a JSON object
     */
    public static QmpEvent of(String name, Object data) {
        Objects.requireNonNull(data, "data (use FakeEvents.of(name) for an event without data)");
        JsonNode tree = JsonArgs.tree(data);
        if (!tree.isObject()) {
            throw new IllegalArgumentException(name + ": event data must render to a JSON object, got " + tree);
        }
        return new QmpEvent(requireName(name), (ObjectNode) tree, UNSTAMPED);
    }

    /**
     * A typed event, e.g. {@code of(QmpEvents.MIGRATION, new Migration(MigrationStatus.COLO))}.
     *
     * @param type the event type from {@link QmpEvents}
     * @param data its data record
     * @param <T> the data type
     * @return the event
     */
    public static <T> QmpEvent of(QmpEventType<T> type, T data) {
        Objects.requireNonNull(type, "type");
        return of(type.name(), data);
    }

    /**
     * An event with data given as JSON text, e.g. {@code ofJson("BLOCK_EXPORT_DELETED", "{\"id\": \"parent0\"}")}.
     *
     * @param name the event name
     * @param dataJson a JSON object
     * @return the event
     */
    public static QmpEvent ofJson(String name, String dataJson) {
        return new QmpEvent(requireName(name), JsonArgs.parseObject(dataJson, name + " data"), UNSTAMPED);
    }

    /**
     * {@code COLO_EXIT} with {@code mode} and {@code reason}.
     *
     * @param mode the role the node had
     * @param reason why it left COLO
     * @return the event
     */
    public static QmpEvent coloExit(ColoMode mode, ColoExitReason reason) {
        return of(QmpEvents.COLO_EXIT, new ColoExit(mode, reason));
    }

    /**
     * {@code MIGRATION} with {@code status}.
     *
     * @param status the new migration status
     * @return the event
     */
    public static QmpEvent migration(MigrationStatus status) {
        return of(QmpEvents.MIGRATION, new Migration(status));
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("event name must not be blank, e.g. \"STOP\"");
        }
        return name;
    }
}
