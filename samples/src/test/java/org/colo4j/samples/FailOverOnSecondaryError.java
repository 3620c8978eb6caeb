package org.colo4j.samples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.colo4j.ColoPair;
import org.colo4j.FailoverReport;
import org.colo4j.PairEvent;
import org.colo4j.Role;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.event.QmpEvents;

/**
 * A user's HA policy, the kind colo-testkit is for: "on COLO_EXIT with reason error on the secondary,
 * fail over on the primary". It listens to the pair's events and decides; the failover itself is
 * colo4j's {@code pair.failover().onPrimary()}.
 */
final class FailOverOnSecondaryError implements AutoCloseable {

    private final ColoPair pair;
    private final QmpSubscription subscription;
    private final List<String> decisions = new CopyOnWriteArrayList<>();
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile FailoverReport report;

    private FailOverOnSecondaryError(ColoPair pair) {
        this.pair = pair;
        this.subscription = pair.onEvent(this::onEvent);
    }

    static FailOverOnSecondaryError watch(ColoPair pair) {
        return new FailOverOnSecondaryError(pair);
    }

    private void onEvent(PairEvent e) {
        if (e.role() != Role.SECONDARY || !e.name().equals(QmpEvents.COLO_EXIT.name())) {
            return;
        }
        try {
            ColoExitReason reason = e.event().as(QmpEvents.COLO_EXIT).reason();
            if (reason == ColoExitReason.ERROR) {
                report = pair.failover().onPrimary();
                decisions.add("failed over to the primary");
            } else {
                decisions.add("ignored COLO_EXIT with reason " + reason.wireName());
            }
        } catch (RuntimeException ex) {
            decisions.add("failover failed: " + ex.getMessage());
        } finally {
            decided.countDown();
        }
    }

    /** The decisions taken, once the first one is in. */
    List<String> awaitDecision(Duration timeout) throws InterruptedException {
        if (!decided.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the policy took no decision within " + timeout);
        }
        return List.copyOf(decisions);
    }

    /** The failover's report, or null if the policy did not fail over. */
    FailoverReport report() {
        return report;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
