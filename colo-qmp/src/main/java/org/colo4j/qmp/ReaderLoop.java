package org.colo4j.qmp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Reads QEMU's lines and dispatches them: each reply to the call with its id, each event to the
 * {@link EventHub}; tells the {@link Outbox} how far QEMU has read, and reports how the stream ended.
 * {@link #pump} runs on whichever thread holds the {@link ReadBaton}: the connection's reader thread
 * ({@link #run}), or a blocking call reading its own reply.
 */
final class ReaderLoop implements Runnable {

    /** {@link #pump}: the connection ended (closed, EOF, protocol violation). */
    static final int ENDED = -1;
    /** {@link #pump}: nothing came (the wait, if any, passed). */
    static final int NOTHING = 0;
    /** {@link #pump}: at least one line was dispatched. */
    static final int DISPATCHED = 1;

    private final LineReader lines;
    private final Transport transport;
    private final ReadBaton baton;
    private final CallTable calls;
    private final Outbox outbox;
    private final EventHub events;
    private final QmpEndpoint endpoint;
    private final Logger log;
    private final Consumer<String> peerClosed;
    private final Consumer<QmpException> shutdown;
    private final BooleanSupplier open;

    /**
     * @param peerClosed told how QEMU went away (EOF, or the socket error) when the stream ends
     * @param shutdown closes the connection for a protocol violation or an unexpected failure
     * @param open whether the connection is still open (a read failing after close() is no news)
     */
    ReaderLoop(LineReader lines, Transport transport, ReadBaton baton, CallTable calls, Outbox outbox, EventHub events,
               QmpEndpoint endpoint, Logger log, Consumer<String> peerClosed, Consumer<QmpException> shutdown,
               BooleanSupplier open) {
        this.lines = lines;
        this.transport = transport;
        this.baton = baton;
        this.calls = calls;
        this.outbox = outbox;
        this.events = events;
        this.endpoint = endpoint;
        this.log = log;
        this.peerClosed = peerClosed;
        this.shutdown = shutdown;
        this.open = open;
    }

    /** The reader thread: reads whenever no blocking call reads for itself, until the connection ends. */
    @Override
    public void run() {
        try {
            while (baton.takeForReader()) {
                int r;
                do {
                    r = pump(Long.MAX_VALUE / 4);
                } while (r == NOTHING || (r == DISPATCHED && baton.readerKeeps()));
                if (r == ENDED) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("QMP reader for {} failed unexpectedly", endpoint, e);
            shutdown.accept(new QmpConnectionClosedException("QMP reader for " + endpoint + " failed: " + e, e));
        }
    }

    /**
     * Waits up to {@code waitNanos} for input unless a line is already buffered, then reads once and
     * dispatches every whole line that read brought. Only the baton's holder calls it. A reply thus
     * costs the holder one wait ({@code epoll_wait}) and one {@code read}: it does not try a read
     * that would find nothing, before the wait or after the last line.
     *
     * @return {@link #DISPATCHED}, {@link #NOTHING} (the wait passed, or only part of a line came) or
     *     {@link #ENDED} (the connection is then shut down)
     */
    int pump(long waitNanos) {
        try {
            if (!lines.hasBuffered()) {
                transport.awaitReadable(waitNanos);
                if (!open.getAsBoolean()) {
                    return ENDED;
                }
            }
            int r = lines.next(true);
            boolean dispatched = false;
            while (r == LineReader.LINE) {
                dispatched = true;
                handleLine();
                r = lines.next(false);
            }
            if (r == LineReader.EOF) {
                peerClosed.accept("EOF");
                return ENDED;
            }
            if (!open.getAsBoolean()) {
                return ENDED;
            }
            return dispatched ? DISPATCHED : NOTHING;
        } catch (QmpProtocolException e) {
            log.warn("closing QMP connection to {}: {}", endpoint, e.getMessage());
            shutdown.accept(e);
        } catch (LineReader.LineTooLongException e) {
            QmpProtocolException p = new QmpProtocolException(e.getMessage() + " from " + endpoint, e);
            log.warn("closing QMP connection to {}: {}", endpoint, p.getMessage());
            shutdown.accept(p);
        } catch (IOException e) {
            if (open.getAsBoolean()) {
                // A killed QEMU with unread input resets the socket instead of closing it: the same death as EOF.
                peerClosed.accept(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            log.error("QMP reader for {} failed unexpectedly", endpoint, e);
            shutdown.accept(new QmpConnectionClosedException("QMP reader for " + endpoint + " failed: " + e, e));
        }
        return ENDED;
    }

    private void handleLine() {
        if (lines.length() == 0) {
            return;
        }
        if (log.isTraceEnabled()) {
            log.trace("<- {}", new String(lines.array(), lines.offset(), lines.length(), StandardCharsets.UTF_8));
        }
        if (dispatchReply(lines.array(), lines.offset(), lines.length())) {
            return;
        }
        JsonNode message;
        try {
            message = QmpJson.mapper().readTree(lines.array(), lines.offset(), lines.length());
        } catch (IOException e) {
            throw new QmpProtocolException("QEMU sent a line that is not JSON: " + lines.snippet());
        }
        dispatch(message);
    }

    /**
     * The fast path for the common line, a successful reply {@code {"return": {...} or [...], "id": N}}
     * (members in either order) to a call of this client: the {@code return} value is buffered as
     * tokens and decoded straight into the call's type, with no tree for the reply. Anything else (an
     * event, an error, another member, a scalar return, bad JSON) returns false untouched and takes the
     * general path, {@link #dispatch}, which judges it exactly as before. A reply nobody waits for is
     * dropped here as there ({@link #claim}).
     */
    private boolean dispatchReply(byte[] buf, int offset, int length) {
        TokenBuffer ret = null;
        long id = 0;
        try (JsonParser p = QmpJson.FACTORY.createParser(buf, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("return") && ret == null
                        && (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)) {
                    ret = new TokenBuffer(p, null);
                    ret.copyCurrentStructure(p);
                } else if (field.equals("id") && id == 0 && value == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() > 0) {
                    id = p.getLongValue();
                } else {
                    return false;
                }
            }
            if (t != JsonToken.END_OBJECT || ret == null || id == 0) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        PendingCall<?> call = claim(id, id);
        if (call != null) {
            call.succeed(ret);
        }
        return true;
    }

    /**
     * The pending call a reply with {@code key} answers; null for a reply nobody waits for, which is
     * logged and dropped: a late reply to a call that already timed out (DEBUG), or a reply to an id
     * no call of this client waits for, never sent or answered already (WARN; the QMP specification
     * says a client should ignore such replies, so the connection stays open).
     */
    private PendingCall<?> claim(long key, Object id) {
        PendingCall<?> call = calls.claim(key);
        if (call == CallTable.LATE) {
            log.debug("dropping late reply to id {} (the call already timed out)", key);
            return null;
        }
        if (call == null) {
            log.warn("dropping a reply from {} to id {}, which no call of this client is waiting for (never sent,"
                    + " or answered already): {}", endpoint, id, lines.snippet());
            return null;
        }
        outbox.answered(call);
        return call;
    }

    private void dispatch(JsonNode message) {
        if (!message.isObject()) {
            throw new QmpProtocolException("QEMU sent JSON that is not an object: " + lines.snippet());
        }
        JsonNode eventName = message.get("event");
        if (eventName != null) {
            events.publish(toEvent(eventName.asText(), message));
            return;
        }
        JsonNode error = message.get("error");
        JsonNode ret = message.get("return");
        if (error == null && ret == null) {
            throw new QmpProtocolException("QEMU sent an object that is neither a reply nor an event: " + lines.snippet());
        }
        JsonNode id = message.get("id");
        if (id == null) {
            if (error != null) {
                throw new QmpProtocolException("QEMU answered with an error that has no id, so it could not parse a"
                        + " command and cannot say which: " + error.path("class").asText() + ": "
                        + error.path("desc").asText());
            }
            throw new QmpProtocolException("QEMU sent a reply without an id: " + lines.snippet());
        }
        long key = id.canConvertToLong() && id.isIntegralNumber() ? id.asLong() : -1;
        PendingCall<?> call = claim(key, id);
        if (call == null) {
            return;
        }
        if (error != null) {
            call.fail(new QmpErrorResponseException(error.path("class").asText("GenericError"),
                    error.path("desc").asText(""), call.commandText()));
        } else {
            call.succeed(ret);
        }
    }

    private static QmpEvent toEvent(String name, JsonNode message) {
        JsonNode data = message.get("data");
        JsonNode ts = message.path("timestamp");
        Instant when = Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000L);
        return new QmpEvent(name, data instanceof ObjectNode o ? o : null, when);
    }
}
