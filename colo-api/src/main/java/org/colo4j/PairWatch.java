package org.colo4j;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a waiting procedure whenever either node sends an event or loses its connection, so that it
 * re-checks the pair at once instead of polling slowly; between such wake-ups it re-checks every few
 * milliseconds anyway. Close it when the wait is over.
 */
final class PairWatch implements AutoCloseable {

    private final Semaphore changed = new Semaphore(0);
    private final AutoCloseable subscription;

    PairWatch(PairConnections connections) {
        this.subscription = connections.onChange(changed::release);
    }

    /**
     * Waits until something changed or {@code millis} passed, whichever is first, and forgets further
     * wake-ups: the caller then re-checks the state once for all of them.
     */
    void awaitChange(long millis, String what) {
        try {
            changed.tryAcquire(millis, TimeUnit.MILLISECONDS);
            changed.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColoException("interrupted while waiting for " + what, e);
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
