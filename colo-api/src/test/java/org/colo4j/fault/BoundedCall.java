package org.colo4j.fault;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.colo4j.ColoException;

/**
 * A call under test run on its own thread, so that the test can give it a bound and, when the call
 * hangs, look at where it is stuck, undo the fault and see when (and how) it returns after all.
 *
 * <pre>{@code
 * BoundedCall<FailoverReport> call = BoundedCall.start("failover().onPrimary()", () -> pair.failover().onPrimary());
 * BoundedCall.Outcome<FailoverReport> o = call.await(Duration.ofSeconds(10));   // null: still running
 * }</pre>
 *
 * @param <T> what the call returns
 */
final class BoundedCall<T> {

    private final String what;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private final long startNanos;
    private volatile T value;
    private volatile Throwable error;
    private volatile long endNanos;

    private BoundedCall(String what, Supplier<T> call) {
        this.what = what;
        this.startNanos = System.nanoTime();
        this.thread = new Thread(() -> {
            try {
                value = call.get();
            } catch (Throwable t) {
                error = t;
            } finally {
                endNanos = System.nanoTime();
                done.countDown();
            }
        }, "fault-call: " + what);
        thread.setDaemon(true);
    }

    /** Starts {@code call} on a new daemon thread now. */
    static <T> BoundedCall<T> start(String what, Supplier<T> call) {
        BoundedCall<T> c = new BoundedCall<>(what, call);
        c.thread.start();
        return c;
    }

    /** What the call is, e.g. {@code failover().onPrimary()}. */
    String what() {
        return what;
    }

    /** Waits until {@code limit} after the call started; its outcome, or null if it is still running. */
    Outcome<T> await(Duration limit) {
        long left = startNanos + limit.toNanos() - System.nanoTime();
        try {
            if (!done.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
        return new Outcome<>(what, value, error, Duration.ofNanos(endNanos - startNanos));
    }

    /** Time since the call started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Where the call's thread is now: its top {@code frames} stack frames outside the JDK, one per line. */
    String stack(int frames) {
        return Arrays.stream(thread.getStackTrace())
                .filter(f -> !f.getClassName().startsWith("java.") && !f.getClassName().startsWith("jdk."))
                .limit(frames).map(f -> "    at " + f).collect(Collectors.joining("\n"));
    }

    /**
     * How a call ended.
     *
     * @param what the call
     * @param value what it returned, null if it threw
     * @param error what it threw, null if it returned
     * @param elapsed from the call to its return
     * @param <T> what the call returns
     */
    record Outcome<T>(String what, T value, Throwable error, Duration elapsed) {

        /** Whether it returned normally. */
        boolean succeeded() {
            return error == null;
        }

        /** Whether it returned or threw a {@link ColoException}, as colo-api promises. */
        boolean typed() {
            return error == null || error instanceof ColoException;
        }

        /** {@code ok} or the exception's simple class name. */
        String kind() {
            return error == null ? "ok" : error.getClass().getSimpleName();
        }

        @Override
        public String toString() {
            return what + " " + (error == null ? "returned" : "threw " + error) + " after " + elapsed.toMillis() + " ms";
        }
    }
}
