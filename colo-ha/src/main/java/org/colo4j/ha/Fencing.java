package org.colo4j.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.colo4j.ColoPair;
import org.colo4j.qmp.QmpClient;

/**
 * How a guard stops guests: the {@link SelfFence} for nodes it controls, the {@link Fencer} (STONITH)
 * for the node failed over away from; each outcome reported as {@link GuardEvent.Fenced} or
 * {@link GuardEvent.FenceFailed} with its duration.
 */
final class Fencing {

    private final Fencer fencer;
    private final SelfFence selfFence;
    private final Duration deadline;
    private final Consumer<GuardEvent> events;

    Fencing(Fencer fencer, SelfFence selfFence, Duration deadline, Consumer<GuardEvent> events) {
        this.fencer = fencer;
        this.selfFence = selfFence;
        this.deadline = deadline;
        this.events = events;
    }

    /** Whether a Fencer other than {@link Fencer#NONE} was given. */
    boolean hasStonith() {
        return fencer != Fencer.NONE;
    }

    /**
     * Stops a controlled node's guest through the SelfFence. With {@code wait} false (a frozen QEMU,
     * which cannot confirm) it runs on a thread of its own: the commands are queued and QEMU runs them
     * when it thaws; the Fencer, if any, is what makes sure.
     */
    void self(ColoPair pair, FenceRequest request, boolean wait) {
        if (wait) {
            self(pair, request);
            return;
        }
        Thread t = new Thread(() -> self(pair, request), "colo4j-guard-fence-" + request.node());
        t.setDaemon(true);
        t.start();
    }

    private void self(ColoPair pair, FenceRequest request) {
        long t0 = System.nanoTime();
        QmpClient qmp = pair.isReachable(request.role()) ? pair.qmp(request.role()) : null;
        try {
            String how = selfFence.fence(request, qmp, deadline);
            events.accept(new GuardEvent.Fenced(request.role(), request.node(), how, since(t0), Instant.now()));
        } catch (RuntimeException e) {
            events.accept(new GuardEvent.FenceFailed(request.role(), request.node(), "SelfFence", e.getMessage(), Instant.now()));
        }
    }

    /** Calls the Fencer; returns null if it fenced, else what it threw (after reporting {@link GuardEvent.FenceFailed}). */
    String stonith(FenceRequest request) {
        long t0 = System.nanoTime();
        try {
            fencer.fence(request);
        } catch (RuntimeException e) {
            events.accept(new GuardEvent.FenceFailed(request.role(), request.node(), "Fencer", e.toString(), Instant.now()));
            return e.toString();
        }
        events.accept(new GuardEvent.Fenced(request.role(), request.node(), "Fencer", since(t0), Instant.now()));
        return null;
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
