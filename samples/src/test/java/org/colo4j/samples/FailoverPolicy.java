package org.colo4j.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.colo4j.ColoPair;
import org.colo4j.ColoStatus;
import org.colo4j.FailoverReport;
import org.colo4j.PairEvent;
import org.colo4j.Role;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.event.QmpEvents;
import org.colo4j.samples.FailoverDecision.Action;

/**
 * A user's HA policy, the kind colo-testkit is for: it watches a {@link ColoPair} and fails over at
 * most once, onto the node that can carry on, as {@link FailoverDecision} describes.
 *
 * <pre>{@code
 * try (ColoPair pair = ColoPair.connect(spec); FailoverPolicy policy = FailoverPolicy.watch(pair)) {
 *     while (running) {
 *         policy.poll();          // e.g. every second: a node can vanish without an event
 *         Thread.sleep(1000);
 *     }
 * }
 * }</pre>
 *
 * <p><b>When it looks.</b> On every pair event that may mean trouble ({@code COLO_EXIT}, a closed
 * QMP connection, a failed node, {@code SHUTDOWN}, {@code GUEST_PANICKED}), on its own thread, and
 * whenever {@link #poll()} is called. It acts only once it has seen the pair replicating (before
 * that there is nothing to fail over), and never after its one failover.
 *
 * <p><b>What it ignores.</b> Events with {@link PairEvent#duringOperation()}: colo4j's own start,
 * failovers and resume end COLO on purpose and report it ({@code COLO_EXIT} with reason
 * {@code request} on the survivor, {@code COLO_EXIT {secondary, error}} on a secondary whose
 * primary left COLO, and the abandoned node's {@code COLO_EXIT} after a failover). Such events say what colo4j is doing, not that a node failed. What is left
 * is never trusted alone: each event only makes the policy ask both nodes ({@code pair.status()}).
 *
 * <p><b>Never both.</b> Once it chose a node it only ever fails over onto that node (a failed attempt
 * is retried by the next look, as colo4j's failovers are repeatable), and it stands down when it
 * finds a node already running alone, whoever failed over to it.
 */
final class FailoverPolicy implements AutoCloseable {

    private final ColoPair pair;
    private final QmpSubscription subscription;
    private final ExecutorService looker;
    /** Written on the event thread, which must never wait for a look in progress. */
    private final Set<Role> coloErrors = ConcurrentHashMap.newKeySet();
    private final List<FailoverDecision> decisions = new ArrayList<>();
    private boolean armed;
    private Role chosen;
    private FailoverReport report;
    private boolean stoodDown;

    private FailoverPolicy(ColoPair pair) {
        this.pair = pair;
        this.looker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "failover-policy");
            t.setDaemon(true);
            return t;
        });
        this.subscription = pair.onEvent(this::onEvent);
    }

    /** Starts watching {@code pair}; looks once at once (arming itself if the pair replicates). */
    static FailoverPolicy watch(ColoPair pair) {
        FailoverPolicy policy = new FailoverPolicy(pair);
        policy.poll();
        return policy;
    }

    private void onEvent(PairEvent e) {
        if (e.duringOperation()) {
            return;
        }
        boolean trouble = switch (e.kind()) {
            case CONNECTION_CLOSED, NODE_FAILED -> true;
            case QEMU_EVENT -> List.of("COLO_EXIT", "SHUTDOWN", "GUEST_PANICKED").contains(e.name());
        };
        if (!trouble) {
            return;
        }
        if (e.name().equals(QmpEvents.COLO_EXIT.name())
                && e.event().as(QmpEvents.COLO_EXIT).reason() == ColoExitReason.ERROR) {
            coloErrors.add(e.role());
        }
        // Not on the connection's event thread: a failover takes a while and waits for that node's events.
        try {
            looker.execute(this::poll);
        } catch (RejectedExecutionException closed) {
            // the policy was closed meanwhile
        }
    }

    /**
     * Looks at the pair now and acts on what it finds.
     *
     * @return the decision taken by this look
     */
    synchronized FailoverDecision poll() {
        FailoverDecision decision;
        if (report != null || stoodDown) {
            decision = new FailoverDecision(Action.NONE, "already decided: " + decisions.get(decisions.size() - 1));
        } else {
            ColoStatus status = pair.status();
            if (!armed && !status.isReplicating()) {
                decision = new FailoverDecision(Action.NONE, "not replicating yet, nothing to protect\n" + status);
            } else {
                armed = true;
                decision = FailoverDecision.decide(status, Set.copyOf(coloErrors));
                if (chosen != null && decision.action() != Action.STAND_DOWN) {
                    // A failover onto `chosen` failed before: only ever retry that one.
                    decision = new FailoverDecision(chosen == Role.PRIMARY ? Action.FAIL_OVER_ON_PRIMARY
                            : Action.FAIL_OVER_ON_SECONDARY, "retrying the failover onto the " + chosen);
                }
                act(decision);
            }
        }
        decisions.add(decision);
        notifyAll();
        return decision;
    }

    private void act(FailoverDecision decision) {
        switch (decision.action()) {
            case FAIL_OVER_ON_PRIMARY -> failOver(Role.PRIMARY);
            case FAIL_OVER_ON_SECONDARY -> failOver(Role.SECONDARY);
            case STAND_DOWN -> stoodDown = true;
            case NONE -> { }
        }
    }

    private void failOver(Role survivor) {
        chosen = survivor;
        try {
            report = survivor == Role.PRIMARY ? pair.failover().onPrimary() : pair.failover().onSecondary();
        } catch (RuntimeException e) {
            decisions.add(new FailoverDecision(Action.NONE, "the failover onto the " + survivor + " failed, the next"
                    + " look retries it: " + e.getMessage()));
        }
    }

    /** Every decision so far, oldest first. */
    synchronized List<FailoverDecision> decisions() {
        return List.copyOf(decisions);
    }

    /** The failover's report, or null if the policy has not failed over. */
    synchronized FailoverReport report() {
        return report;
    }

    /**
     * Waits until a decision matching {@code wanted} has been taken, and returns it.
     *
     * @throws AssertionError if none is taken within {@code timeout}, listing the decisions so far
     */
    synchronized FailoverDecision awaitDecision(Predicate<FailoverDecision> wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (FailoverDecision d : decisions) {
                if (wanted.test(d)) {
                    return d;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such decision within " + timeout + "; decisions: " + decisions);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Stops watching; a look in progress finishes. */
    @Override
    public void close() {
        subscription.close();
        looker.shutdown();
    }
}
