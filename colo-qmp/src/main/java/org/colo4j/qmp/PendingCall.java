package org.colo4j.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** One call waiting for its reply: its future, how to decode the reply, and its deadline task. */
final class PendingCall<R> {

    final String name;
    final String commandText;
    final QmpReturn<R> returnType;
    final CompletableFuture<R> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> deadline;

    PendingCall(String name, String commandText, QmpReturn<R> returnType) {
        this.name = name;
        this.commandText = commandText;
        this.returnType = returnType;
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
