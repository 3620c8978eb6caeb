package org.colo4j.qmp;

/**
 * A registered event or close listener ({@link QmpClient#onEvent}, {@link QmpClient#onAnyEvent},
 * {@link QmpClient#onClose}). Closing it unregisters the listener; closing twice is harmless. Its
 * {@code toString} says what it listens to, e.g. {@code QmpSubscription{COLO_EXIT on primary}}.
 */
public interface QmpSubscription extends AutoCloseable {

    /** Unregisters the listener. Events already queued for it may still be delivered once. */
    @Override
    void close();
}
