package org.colo4j.qmp;

/**
 * A registered event listener. Closing it unregisters the listener; closing twice is harmless.
 */
public interface QmpSubscription extends AutoCloseable {

    /** Unregisters the listener. Events already queued for it may still be delivered once. */
    @Override
    void close();
}
