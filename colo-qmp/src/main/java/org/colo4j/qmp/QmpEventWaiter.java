package org.colo4j.qmp;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Waits for the first event of one name that matches a predicate, counting from the moment the
 * waiter was created. Create it before sending the command that causes the event, so the event
 * cannot slip through between the command's reply and the wait:
 *
 * <pre>{@code
 * try (QmpEventWaiter stopped = qmp.expectEvent("STOP", e -> true)) {
 *     qmp.execute(new Stop());
 *     QmpEvent e = stopped.await(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>The predicate runs on the connection's reader thread: keep it quick and non-blocking. If it
 * throws, the wait fails with that exception as the cause. Closing the waiter stops it listening.
 */
public final class QmpEventWaiter implements AutoCloseable {

    private final String name;
    private final Predicate<? super QmpEvent> predicate;
    private final CompletableFuture<QmpEvent> result = new CompletableFuture<>();
    private final Runnable unregister;

    QmpEventWaiter(String name, Predicate<? super QmpEvent> predicate, java.util.function.Consumer<QmpEventWaiter> unregister) {
        this.name = Objects.requireNonNull(name, "name");
        this.predicate = Objects.requireNonNull(predicate, "predicate");
        this.unregister = () -> unregister.accept(this);
    }

    /** The event name waited for. */
    public String eventName() {
        return name;
    }

    /** Completes with the matching event, or exceptionally when the connection closes. */
    public CompletableFuture<QmpEvent> future() {
        return result;
    }

    /**
     * Blocks until a matching event arrived (returns at once if it already did).
     *
     * @throws QmpTimeoutException if none arrived within {@code timeout}
     * @throws QmpConnectionClosedException if the connection closed first
     * @throws QmpException if the predicate threw (as the cause), the waiter was closed, or the
     *     calling thread was interrupted while waiting (its interrupt flag is set again)
     */
    public QmpEvent await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return result.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("no " + name + " event matching the predicate within " + timeout, timeout);
        } catch (ExecutionException e) {
            throw CallerStack.rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("interrupted while waiting for " + name, e);
        } finally {
            if (result.isDone()) {
                close();
            }
        }
    }

    /** Stops listening; a later {@link #await} fails unless the event already arrived. */
    @Override
    public void close() {
        unregister.run();
        result.completeExceptionally(new QmpException("waiter for " + name + " was closed"));
    }

    /** E.g. {@code QmpEventWaiter{STOP, waiting}}; then {@code arrived} or {@code failed}. */
    @Override
    public String toString() {
        String state = !result.isDone() ? "waiting" : result.isCompletedExceptionally() ? "failed" : "arrived";
        return "QmpEventWaiter{" + name + ", " + state + "}";
    }

    /** Called on the reader thread for every event. */
    void offer(QmpEvent event) {
        if (result.isDone() || !name.equals(event.name())) {
            return;
        }
        boolean match;
        try {
            match = predicate.test(event);
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(new QmpException("predicate for " + name + " threw on " + event, e));
            unregister.run();
            return;
        }
        if (match) {
            result.complete(event);
            unregister.run();
        }
    }

    void fail(QmpException cause) {
        result.completeExceptionally(cause);
    }
}
