package org.colo4j.qmp;

/**
 * colo4j's {@link QmpSubscription}: unregisters once, and says what it listens to, e.g.
 * {@code QmpSubscription{COLO_EXIT on primary}} ({@code ..., closed} once closed).
 */
final class Subscription implements QmpSubscription {

    private final String description;
    private final Runnable unregister;
    private volatile boolean closed;

    /**
     * @param description what is listened to, e.g. {@code COLO_EXIT on primary}
     * @param unregister removes the listener; run at most once
     */
    Subscription(String description, Runnable unregister) {
        this.description = description;
        this.unregister = unregister;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        unregister.run();
    }

    @Override
    public String toString() {
        return "QmpSubscription{" + description + (closed ? ", closed" : "") + "}";
    }
}
