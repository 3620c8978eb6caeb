package org.colo4j.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.FileDescriptor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One call waiting for its reply: its future, how to decode the reply, its deadline, and its command
 * line on its way out ({@link Outbox}).
 */
final class PendingCall<R> {

    final String verb;
    final String name;
    private final ObjectNode arguments;
    final QmpReturn<R> returnType;
    final Duration timeout;
    final CompletableFuture<R> future = new CompletableFuture<>();
    /**
     * When the call times out, in {@link System#nanoTime()} terms; set before the call is put in the
     * pending map (which publishes it to the deadline sweep).
     */
    long deadline;
    /** Its id on the wire, set when it is put in the {@link CallTable}. */
    int id;
    /** The command line with its id and newline. */
    byte[] line;
    /** File descriptors to send with the line, or null. */
    FileDescriptor[] fds;
    /** Whether writing {@link #line} has begun; guarded by the {@link Outbox}. */
    boolean started;
    /**
     * The {@link Outbox}'s running total of bytes charged to the socket once this line was written:
     * when its reply arrives, QEMU has read everything up to here.
     */
    volatile long chargedUpTo;

    PendingCall(String verb, String name, ObjectNode arguments, QmpReturn<R> returnType, Duration timeout) {
        this.verb = verb;
        this.name = name;
        this.arguments = arguments;
        this.returnType = returnType;
        this.timeout = timeout;
    }

    /** The command as sent, without its id; rendered only when an error message needs it. */
    String commandText() {
        ObjectNode node = QmpJson.mapper().createObjectNode();
        node.put(verb, name);
        if (arguments != null) {
            node.set("arguments", arguments);
        }
        return QmpJson.write(node);
    }

    void succeed(JsonNode value) {
        R decoded;
        try {
            decoded = QmpJson.decode(value, returnType);
        } catch (QmpException e) {
            future.completeExceptionally(e);
            return;
        }
        future.complete(decoded);
    }

    /** Completes with the {@code return} value buffered as tokens (the reader's fast path). */
    void succeed(TokenBuffer value) {
        R decoded;
        try {
            decoded = QmpJson.decode(value, returnType);
        } catch (QmpException e) {
            future.completeExceptionally(e);
            return;
        }
        future.complete(decoded);
    }

    void fail(QmpException error) {
        future.completeExceptionally(error);
    }
}
