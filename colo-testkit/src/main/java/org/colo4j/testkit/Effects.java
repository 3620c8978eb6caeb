package org.colo4j.testkit;

import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QmpEvent;

/**
 * What one step of the COLO model does besides changing state: events the node sends before and
 * after its reply, and events or actions for other nodes, which run after the model's lock is
 * released (so that no socket write happens under it).
 */
final class Effects {

    private record Delivery(FakeColoNode node, QmpEvent event, Runnable action) {}

    final List<QmpEvent> before = new ArrayList<>();
    final List<QmpEvent> after = new ArrayList<>();
    private final List<Delivery> later = new ArrayList<>();
    Runnable afterReply;

    /** Sends {@code event} from {@code node} once the lock is released. */
    void send(FakeColoNode node, QmpEvent event) {
        later.add(new Delivery(node, event, null));
    }

    /** Runs {@code action} once the lock is released, in order with {@link #send}. */
    void run(Runnable action) {
        later.add(new Delivery(null, null, action));
    }

    /** Delivers the deferred events and actions; call without holding the lock. */
    void deliver() {
        for (Delivery d : later) {
            if (d.action() != null) {
                d.action().run();
            } else {
                d.node().server().sendEvent(d.event());
            }
        }
        later.clear();
    }

    /** Sends {@link #before} then {@link #after} from {@code node} (for steps outside a command). */
    void sendAll(FakeColoNode node) {
        before.forEach(e -> send(node, e));
        after.forEach(e -> send(node, e));
        before.clear();
        after.clear();
    }
}
