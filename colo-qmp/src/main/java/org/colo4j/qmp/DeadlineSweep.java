package org.colo4j.qmp;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The deadlines of one connection's calls: one timer task per connection, scheduled at the earliest
 * pending deadline, that fails every call past its deadline and schedules itself again for the
 * earliest left. A call whose deadline is not earlier than the scheduled sweep (the usual case, as
 * calls share one timeout) costs no timer work at all, where a task per call would wake the timer
 * thread on every call. All connections share one daemon timer thread, {@code colo4j-qmp-deadlines}.
 */
final class DeadlineSweep {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    /** A scheduled sweep: when it runs ({@link System#nanoTime()}) and its timer task. */
    private record Scheduled(long at, ScheduledFuture<?> task) {}

    private final CallTable calls;
    private final Consumer<PendingCall<?>> expire;
    private final Object lock = new Object();
    /** The sweep scheduled at the earliest pending deadline; null when none. */
    private volatile Scheduled scheduled;
    private volatile boolean stopped;

    /**
     * @param expire fails one call whose deadline passed (its slot in {@code calls} is already marked
     *     expired); runs on the timer thread
     */
    DeadlineSweep(CallTable calls, Consumer<PendingCall<?>> expire) {
        this.calls = calls;
        this.expire = expire;
    }

    /** Makes sure a sweep runs no later than {@code deadline} ({@link System#nanoTime()} terms). */
    void arm(long deadline) {
        Scheduled s = scheduled;
        if (s != null && deadline - s.at() >= 0) {
            return;
        }
        synchronized (lock) {
            s = scheduled;
            if (stopped || (s != null && deadline - s.at() >= 0)) {
                return;
            }
            if (s != null) {
                s.task().cancel(false);
            }
            long delay = deadline - System.nanoTime();
            scheduled = new Scheduled(deadline, TIMER.schedule(this::sweep, Math.max(0, delay), TimeUnit.NANOSECONDS));
        }
    }

    /** The connection closed: cancels the scheduled sweep and schedules no more. */
    void stop() {
        synchronized (lock) {
            stopped = true;
            Scheduled s = scheduled;
            if (s != null) {
                s.task().cancel(false);
                scheduled = null;
            }
        }
    }

    /** Timer thread: fails every call past its deadline, then schedules the next sweep for the earliest left. */
    private void sweep() {
        synchronized (lock) {
            scheduled = null;
        }
        // A call added after this point arms its own sweep; one added before is seen by this scan.
        CallTable.Sweep due = calls.expireDue(System.nanoTime());
        for (PendingCall<?> call : due.expired()) {
            expire.accept(call);
        }
        if (due.waiting() && !stopped) {
            arm(due.earliestDeadline());
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "colo4j-qmp-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
