package org.colo4j.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** One call waiting for its reply: its future, how to decode the reply, and its deadline task. */
final class PendingCall<R> {

    final String verb;
    final String name;
    private final ObjectNode arguments;
    final QmpReturn<R> returnType;
    final CompletableFuture<R> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> deadline;

    PendingCall(String verb, String name, ObjectNode arguments, QmpReturn<R> returnType) {
        this.verb = verb;
        this.name = name;
        this.arguments = arguments;
        this.returnType = returnType;
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
        cancelDeadline();
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
        cancelDeadline();
        future.completeExceptionally(error);
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
    }
}
