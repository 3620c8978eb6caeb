package org.colo4j.qmp;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * Fans events out. Waiters are offered each event on the reader thread (cheap, never dropped);
 * listeners get them on one dispatcher thread through a bounded queue, so a slow or throwing
 * listener never holds up replies. When the queue is full, new events are dropped for listeners
 * only, counted and logged.
 */
final class EventHub {

    private record Listener(String name, Consumer<? super QmpEvent> consumer) {}

    private final Logger log;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<QmpEventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final BlockingQueue<QmpEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread dispatcher;
    private volatile QmpException closedCause;

    EventHub(Logger log, int capacity, String threadName) {
        this.log = log;
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

    QmpSubscription subscribe(String nameOrNull, Consumer<? super QmpEvent> consumer) {
        Listener listener = new Listener(nameOrNull, consumer);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    QmpEventWaiter expect(String name, Predicate<? super QmpEvent> predicate) {
        QmpEventWaiter waiter = new QmpEventWaiter(name, predicate, waiters::remove);
        waiters.add(waiter);
        QmpException cause = closedCause;
        if (cause != null) {
            waiters.remove(waiter);
            waiter.fail(cause);
        }
        return waiter;
    }

    long droppedEvents() {
        return dropped.get();
    }

    /** Fails waiters; the dispatcher drains what is queued, then stops. */
    void close(QmpException cause) {
        closedCause = cause;
        for (QmpEventWaiter waiter : waiters) {
            waiter.fail(cause);
        }
        waiters.clear();
    }

    private void dispatchLoop() {
        while (true) {
            QmpEvent event;
            try {
                event = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                if (closedCause != null) {
                    return;
                }
                continue;
            }
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
    }
}
