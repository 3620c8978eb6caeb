package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.colo4j.qmp.QmpEvent;

/**
 * What a fake sends back for one command: a {@code return}, an {@code error}, or a fault (the
 * connection closes, a garbage line, no reply at all), optionally after a delay and with events
 * before or after it. Immutable: every {@code with...}/{@code then...} method returns a copy.
 *
 * <pre>{@code
 * QmpReply.ok(new StatusInfo(true, RunState.RUNNING, false));          // typed reply record
 * QmpReply.okJson("{\"status\": \"colo\"}");
 * QmpReply.genericError("NBD server already running");
 * QmpReply.empty().thenEvent(FakeEvents.of("RESUME"));
 * QmpReply.empty().delayedBy(Duration.ofSeconds(2));                  // a slow command
 * QmpReply.closeConnection();                                          // QEMU dies mid-call
 * }</pre>
 *
 * <p>Values are rendered with {@link org.colo4j.qmp.QmpJson#mapper()}, so a reply record from
 * {@code org.colo4j.qmp.command} gives the JSON QEMU sends (members in record order).
 */
public final class QmpReply {

    /** What kind of answer this is. */
    public enum Kind {
        /** {@code {"return": value, "id": id}}. */
        RETURN,
        /** {@code {"id": id, "error": {"class": ..., "desc": ...}}}. */
        ERROR,
        /** Nothing is sent and the connection is closed, as when QEMU is killed mid-call. */
        CLOSE,
        /** A line that is not QMP is sent instead of the reply. */
        GARBAGE,
        /** Nothing is sent; the call stays pending until the client gives up. */
        NONE
    }

    private final Kind kind;
    private final JsonNode value;
    private final String errorClass;
    private final String description;
    private final String garbage;
    private final Duration delay;
    private final List<QmpEvent> eventsBefore;
    private final List<QmpEvent> eventsAfter;
    private final boolean closeAfter;
    private final Runnable afterSent;

    private QmpReply(Kind kind, JsonNode value, String errorClass, String description, String garbage,
                     Duration delay, List<QmpEvent> eventsBefore, List<QmpEvent> eventsAfter, boolean closeAfter,
                     Runnable afterSent) {
        this.kind = kind;
        this.value = value;
        this.errorClass = errorClass;
        this.description = description;
        this.garbage = garbage;
        this.delay = delay;
        this.eventsBefore = List.copyOf(eventsBefore);
        this.eventsAfter = List.copyOf(eventsAfter);
        this.closeAfter = closeAfter;
        this.afterSent = afterSent;
    }

    private static QmpReply of(Kind kind, JsonNode value, String errorClass, String description, String garbage) {
        return new QmpReply(kind, value, errorClass, description, garbage, Duration.ZERO, List.of(), List.of(), false, null);
    }

    /**
     * {@code {"return": {}}}, what most COLO commands answer.
     *
     * @return the reply
     */
    public static QmpReply empty() {
        return of(Kind.RETURN, JsonNodeFactory.instance.objectNode(), null, null, null);
    }

    /**
     * {@code {"return": value}}.
     *
     * @param value a reply record (e.g. {@code ColoStatusInfo}), a map, list, string, number or a
     *     Jackson tree; rendered with {@code QmpJson.mapper()}
     * @return the reply
     */
    public static QmpReply ok(Object value) {
        Objects.requireNonNull(value, "value (use QmpReply.empty() for {})");
        return of(Kind.RETURN, JsonArgs.tree(value), null, null, null);
    }

    /**
     * {@code {"return": <json>}} from JSON text.
     *
     * @param json the return value, e.g. {@code {"status": "colo"}}
     * @return the reply
     * @throws IllegalArgumentException if {@code json} is not JSON
     */
    public static QmpReply okJson(String json) {
        Objects.requireNonNull(json, "json");
        return of(Kind.RETURN, JsonArgs.parse(json, "reply json"), null, null, null);
    }

    /**
     * {@code {"error": {"class": errorClass, "desc": description}}}.
     *
     * @param errorClass QEMU's error class: {@code GenericError}, {@code CommandNotFound},
     *     {@code DeviceNotFound}, {@code DeviceNotActive}, {@code KVMMissingCap}
     * @param description QEMU's message
     * @return the error reply
     */
    public static QmpReply error(String errorClass, String description) {
        if (errorClass == null || errorClass.isBlank()) {
            throw new IllegalArgumentException("errorClass must not be blank: use GenericError, CommandNotFound, ...");
        }
        Objects.requireNonNull(description, "description");
        return of(Kind.ERROR, null, errorClass, description, null);
    }

    /**
     * A {@code GenericError}, the class of almost every QEMU failure.
     *
     * @param description QEMU's message, e.g. {@code NBD server already running}
     * @return the error reply
     */
    public static QmpReply genericError(String description) {
        return error("GenericError", description);
    }

    /**
     * QEMU's answer to a command it does not have: {@code CommandNotFound},
     * {@code "The command NAME has not been found"}.
     *
     * @param command the command name
     * @return the error reply
     */
    public static QmpReply commandNotFound(String command) {
        return error("CommandNotFound", "The command " + command + " has not been found");
    }

    /**
     * Fault: the connection closes without a reply, as when QEMU is killed during the call.
     *
     * @return the fault
     */
    public static QmpReply closeConnection() {
        return of(Kind.CLOSE, null, null, null, null);
    }

    /**
     * Fault: {@code line} is sent instead of a reply (the client should treat it as a protocol
     * error).
     *
     * @param line any text without a line break, e.g. {@code garbage} or a cut-off reply
     * @return the fault
     */
    public static QmpReply garbage(String line) {
        Objects.requireNonNull(line, "line");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("garbage line must not contain line breaks: " + line);
        }
        return of(Kind.GARBAGE, null, null, null, line);
    }

    /**
     * Fault: no reply is ever sent; the client's call runs into its deadline.
     *
     * @return the fault
     */
    public static QmpReply noReply() {
        return of(Kind.NONE, null, null, null, null);
    }

    /**
     * The same answer sent {@code delay} later. Like QEMU, the fake handles one (in-band) command
     * at a time, so later commands wait too; {@code exec-oob} commands do not.
     *
     * @param delay zero or more; the wait ends early when the fake is closed
     * @return the same answer sent {@code delay} later
     */
    public QmpReply delayedBy(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        return new QmpReply(kind, value, errorClass, description, garbage, delay, eventsBefore, eventsAfter, closeAfter,
                afterSent);
    }

    /**
     * The same answer with {@code events} sent just before it (as QEMU sends {@code RESUME} before
     * the reply to {@code cont}).
     *
     * @param events events, e.g. from {@link FakeEvents}
     * @return the same answer with {@code events} sent just before it (as QEMU sends {@code RESUME} before the reply to {@code cont})
     */
    public QmpReply precededBy(QmpEvent... events) {
        List<QmpEvent> next = new ArrayList<>(eventsBefore);
        next.addAll(Arrays.asList(events));
        return new QmpReply(kind, value, errorClass, description, garbage, delay, next, eventsAfter, closeAfter, afterSent);
    }

    /**
     * The same answer with {@code events} sent right after it (as QEMU sends {@code MIGRATION}
     * events after the reply to {@code migrate}).
     *
     * @param events events, e.g. from {@link FakeEvents}
     * @return the same answer with {@code events} sent right after it (as QEMU sends {@code MIGRATION} events after the reply to {@code migrate})
     */
    public QmpReply thenEvent(QmpEvent... events) {
        List<QmpEvent> next = new ArrayList<>(eventsAfter);
        next.addAll(Arrays.asList(events));
        return new QmpReply(kind, value, errorClass, description, garbage, delay, eventsBefore, next, closeAfter, afterSent);
    }

    /**
     * The same answer, after which the connection is closed (as {@code quit} does).
     * @return the same answer, after which the connection is closed (as {@code quit} does)
     */
    public QmpReply thenCloseConnection() {
        return new QmpReply(kind, value, errorClass, description, garbage, delay, eventsBefore, eventsAfter, true,
                afterSent);
    }

    /** The same answer; {@code action} runs once it has been sent (used by the COLO model). */
    QmpReply afterSent(Runnable action) {
        return new QmpReply(kind, value, errorClass, description, garbage, delay, eventsBefore, eventsAfter, closeAfter,
                action);
    }

    /**
     * What kind of answer this is.
     *
     * @return what kind of answer this is
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether this is an {@code error} reply.
     *
     * @return whether this is an {@code error} reply
     */
    public boolean isError() {
        return kind == Kind.ERROR;
    }

    /**
     * A copy of the {@code return} value; null unless {@link #kind()} is {@link Kind#RETURN}.
     *
     * @return a copy of the {@code return} value; null unless {@link #kind()} is {@link Kind#RETURN}
     */
    public JsonNode value() {
        return value == null ? null : value.deepCopy();
    }

    /**
     * The error class; null unless this is an error.
     *
     * @return the error class; null unless this is an error
     */
    public String errorClass() {
        return errorClass;
    }

    /**
     * The error description; null unless this is an error.
     *
     * @return the error description; null unless this is an error
     */
    public String description() {
        return description;
    }

    /**
     * The garbage line; null unless {@link #kind()} is {@link Kind#GARBAGE}.
     *
     * @return the garbage line; null unless {@link #kind()} is {@link Kind#GARBAGE}
     */
    public String garbage() {
        return garbage;
    }

    /**
     * How long the fake waits before answering.
     *
     * @return how long the fake waits before answering
     */
    public Duration delay() {
        return delay;
    }

    /**
     * Events sent before the answer.
     *
     * @return events sent before the answer
     */
    public List<QmpEvent> eventsBefore() {
        return eventsBefore;
    }

    /**
     * Events sent after the answer.
     *
     * @return events sent after the answer
     */
    public List<QmpEvent> eventsAfter() {
        return eventsAfter;
    }

    /**
     * Whether the connection is closed after the answer.
     *
     * @return whether the connection is closed after the answer
     */
    public boolean closesAfter() {
        return closeAfter;
    }

    Runnable afterSentAction() {
        return afterSent;
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case RETURN -> "return " + QmpWire.render(value);
            case ERROR -> "error " + errorClass + ": " + description;
            case CLOSE -> "close the connection";
            case GARBAGE -> "garbage '" + garbage + "'";
            case NONE -> "no reply";
        };
        return what + (delay.isZero() ? "" : " after " + delay)
                + (eventsBefore.isEmpty() ? "" : " preceded by " + names(eventsBefore))
                + (eventsAfter.isEmpty() ? "" : " then " + names(eventsAfter))
                + (closeAfter ? " then close" : "");
    }

    private static List<String> names(List<QmpEvent> events) {
        return events.stream().map(QmpEvent::name).toList();
    }
}
