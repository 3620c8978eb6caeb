package org.colo4j.qmp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * Fans events out, and tells of the connection's close. Waiters are offered each event on the
 * reader thread (cheap, never dropped); listeners get them on one dispatcher thread through a
 * bounded queue, so a slow or throwing listener never holds up replies. When the queue is full, new
 * events are dropped for listeners only, counted and logged. Close listeners run once on the
 * dispatcher thread after the events queued before the close, or at once on the registering thread
 * when the hub is already closed.
 */
final class EventHub {

    private record Listener(String name, Consumer<? super QmpEvent> consumer) {}

    /** A close listener; {@code active} is cleared when its subscription is closed. */
    private static final class CloseListener {
        final Consumer<? super QmpException> consumer;
        volatile boolean active = true;

        CloseListener(Consumer<? super QmpException> consumer) {
            this.consumer = consumer;
        }
    }

    /** Put in the queue to wake the dispatcher when the connection closes. */
    private static final QmpEvent CLOSED = new QmpEvent("(closed)", null, java.time.Instant.EPOCH);

    private final Logger log;
    private final String owner;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<QmpEventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final BlockingQueue<QmpEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread dispatcher;
    private final Object closeLock = new Object();
    /** Registered close listeners until the close; guarded by {@link #closeLock}. */
    private List<CloseListener> closeListeners = new ArrayList<>();
    /** Why the connection closed, as close listeners get it; null while open. */
    private volatile QmpException closedCause;
    /** What waiters fail with once the connection closed. */
    private volatile QmpException waiterCause;

    /**
     * @param owner the connection's name, for subscriptions' {@code toString}
     */
    EventHub(Logger log, int capacity, String threadName, String owner) {
        this.log = log;
        this.owner = owner;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dispatcher = new Thread(this::dispatchLoop, threadName);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** Reader thread: hands one event to waiters and queues it for listeners. */
    void publish(QmpEvent event) {
        for (QmpEventWaiter waiter : waiters) {
            waiter.offer(event);
        }
        if (listeners.isEmpty()) {
            return;
        }
        if (!queue.offer(event)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.warn("event queue full ({} events): dropped {} for listeners so far; latest dropped: {}. "
                        + "Listeners are too slow; raise QmpOptions.eventQueueCapacity or make them faster",
                        queue.size(), n, event.name());
            }
        }
    }

    /** @throws QmpConnectionClosedException if the connection is closed */
    QmpSubscription subscribe(String nameOrNull, Consumer<? super QmpEvent> consumer) {
        String what = (nameOrNull == null ? "every event" : nameOrNull) + " on " + owner;
        requireOpen(what);
        Listener listener = new Listener(nameOrNull, consumer);
        listeners.add(listener);
        return new Subscription(what, () -> listeners.remove(listener));
    }

    /** @throws QmpConnectionClosedException if the connection is closed */
    QmpEventWaiter expect(String name, Predicate<? super QmpEvent> predicate) {
        requireOpen("a wait for " + name + " on " + owner);
        QmpEventWaiter waiter = new QmpEventWaiter(name, predicate, waiters::remove);
        waiters.add(waiter);
        QmpException cause = waiterCause;
        if (cause != null) {
            // closed meanwhile; close() may have missed this waiter
            waiters.remove(waiter);
            waiter.fail(cause);
        }
        return waiter;
    }

    /** Runs {@code consumer} once when the connection closes; at once, here, if it already has. */
    QmpSubscription onClose(Consumer<? super QmpException> consumer) {
        CloseListener listener = new CloseListener(consumer);
        String what = "close of " + owner;
        QmpException cause;
        synchronized (closeLock) {
            cause = closedCause;
            if (cause == null) {
                closeListeners.add(listener);
                return new Subscription(what, () -> {
                    listener.active = false;
                    synchronized (closeLock) {
                        closeListeners.remove(listener);
                    }
                });
            }
        }
        Subscription done = new Subscription(what, () -> { });
        notifyClose(listener, cause);
        return done;
    }

    long droppedEvents() {
        return dropped.get();
    }

    /**
     * The connection closed: fails waiters, wakes the dispatcher, which delivers what is queued, runs
     * the close listeners with {@code cause} and stops. Only the first call counts.
     *
     * @param cause why, as close listeners get it
     * @param forWaiters what waiters fail with (a {@link QmpConnectionClosedException})
     */
    void close(QmpException cause, QmpException forWaiters) {
        synchronized (closeLock) {
            if (closedCause != null) {
                return;
            }
            waiterCause = forWaiters;
            closedCause = cause;
        }
        for (QmpEventWaiter waiter : waiters) {
            waiter.fail(forWaiters);
        }
        waiters.clear();
        queue.offer(CLOSED); // when full, the dispatcher is busy and sees the close once it drained the queue
    }

    private void requireOpen(String what) {
        QmpException cause = closedCause;
        if (cause != null) {
            throw new QmpConnectionClosedException("cannot register " + what + ": the connection is closed ("
                    + cause.getMessage() + ")", cause);
        }
    }

    private void dispatchLoop() {
        while (true) {
            QmpEvent event;
            try {
                event = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event != null && event != CLOSED) {
                deliver(event);
            }
            if (closedCause != null && queue.isEmpty()) {
                List<CloseListener> toNotify;
                synchronized (closeLock) {
                    toNotify = closeListeners;
                    closeListeners = new ArrayList<>(0);
                }
                for (CloseListener listener : toNotify) {
                    notifyClose(listener, closedCause);
                }
                return;
            }
        }
    }

    private void deliver(QmpEvent event) {
        for (Listener listener : listeners) {
            if (listener.name() == null || listener.name().equals(event.name())) {
                try {
                    listener.consumer().accept(event);
                } catch (RuntimeException | Error e) {
                    log.warn("event listener for {} threw; it stays subscribed", event.name(), e);
                }
            }
        }
    }

    private void notifyClose(CloseListener listener, QmpException cause) {
        if (!listener.active) {
            return;
        }
        try {
            listener.consumer.accept(cause);
        } catch (RuntimeException | Error e) {
            log.warn("close listener of {} threw; ignored", owner, e);
        }
    }
}
