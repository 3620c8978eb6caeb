package org.colo4j.fault;

import java.time.Duration;
import org.opentest4j.TestAbortedException;

/**
 * One run of a fault scenario: runs the body, times the faulted call, checks its bound and its
 * exception type, and records the result in {@link FaultLog} whatever happens.
 *
 * <pre>{@code
 * FaultRun.of("secondary frozen -> failover().onPrimary()", run).execute(r -> {
 *     ...
 *     BoundedCall.Outcome<FailoverReport> o = r.timed(BoundedCall.start("failover().onPrimary()", ...), rescue);
 *     ...
 *     r.dataCheck(p.readsBack(Role.PRIMARY, pattern), "the pattern written before the last checkpoint");
 * });
 * }</pre>
 */
final class FaultRun {

    private final String scenario;
    private final int run;
    private String detail = "";
    private Long returnMillis;
    private boolean inTime;
    private String outcome = "not reached";
    private Boolean dataCheck;

    private FaultRun(String scenario, int run) {
        this.scenario = scenario;
        this.run = run;
    }

    static FaultRun of(String scenario, int run) {
        return new FaultRun(scenario, run);
    }

    /** The body of a run. */
    @FunctionalInterface
    interface Body {
        void run(FaultRun run) throws Exception;
    }

    /** Runs {@code body} and records the run (a skip is not recorded); rethrows what it threw. */
    void execute(Body body) throws Exception {
        try {
            body.run(this);
            FaultLog.add(record(true, null));
        } catch (TestAbortedException skipped) {
            throw skipped;
        } catch (Throwable t) {
            // The label varies from run to run (index, victim, seed): leave it out, so that equal failures count together.
            String why = String.valueOf(t.getMessage()).replace(": " + label(), "").replace(label() + ": ", "")
                    .lines().findFirst().orElse(t.getClass().getSimpleName());
            FaultLog.add(record(false, why));
            throw t;
        }
    }

    /** Notes what varies in this run, e.g. the victim and the kill moment; it goes into failure messages. */
    void detail(String detail) {
        this.detail = detail;
    }

    /** The run's label for messages: scenario, run index, detail and seed. */
    String label() {
        return scenario + " [run " + run + (detail.isEmpty() ? "" : ", " + detail) + ", seed " + FaultRuns.seed() + "]";
    }

    /**
     * Awaits the faulted call: the run's time to return. Fails the run if it does not return within
     * {@link FaultRuns#bound()} (then {@code rescue} undoes the fault and the late return is recorded
     * and reported) or throws anything but a {@link org.colo4j.ColoException}.
     */
    <T> BoundedCall.Outcome<T> timed(BoundedCall<T> call, Runnable rescue) {
        return await(call, rescue, true);
    }

    /** As {@link #timed} for a further call of the run (a retry, a status query): bounded, not recorded. */
    <T> BoundedCall.Outcome<T> bounded(BoundedCall<T> call, Runnable rescue) {
        return await(call, rescue, false);
    }

    /** Records the data check and fails the run if the pattern did not read back. */
    void dataCheck(boolean readBack, String what) {
        dataCheck = readBack;
        if (!readBack) {
            throw new AssertionError(label() + ": " + what + " did not read back on the survivor (qemu-io reported"
                    + " a pattern mismatch)");
        }
    }

    private <T> BoundedCall.Outcome<T> await(BoundedCall<T> call, Runnable rescue, boolean main) {
        Duration bound = FaultRuns.bound();
        BoundedCall.Outcome<T> o = call.await(bound);
        if (o == null) {
            String stack = call.stack(14);
            String rescued;
            try {
                rescue.run();
                rescued = "after the test undid the fault";
            } catch (RuntimeException e) {
                rescued = "after the rescue failed (" + e.getMessage() + ")";
            }
            BoundedCall.Outcome<T> late = call.await(bound.plus(FaultRuns.rescueWait()));
            if (main) {
                returnMillis = late == null ? null : late.elapsed().toMillis();
                inTime = false;
                outcome = "no return";
            }
            throw new AssertionError(call.what() + " did not return within " + bound.toSeconds() + " s: " + label()
                    + "\nit was at:\n" + stack + "\n" + rescued + ", " + (late == null
                    ? "it still had not returned after " + call.elapsed().toSeconds() + " s"
                    : late + slowestStep(late)), late == null ? null : late.error());
        }
        if (main) {
            returnMillis = o.elapsed().toMillis();
            inTime = true;
            outcome = o.kind();
        }
        if (!o.typed()) {
            if (main) {
                outcome = o.kind() + " (untyped)";
            }
            throw new AssertionError(call.what() + " threw " + o.error().getClass().getName() + ", not a ColoException: "
                    + label(), o.error());
        }
        return o;
    }

    /** For a late failover report: the step that took longest (where the call hung), else empty. */
    private static String slowestStep(BoundedCall.Outcome<?> late) {
        if (late.value() instanceof org.colo4j.FailoverReport r) {
            return r.steps().stream().max(java.util.Comparator.comparing(org.colo4j.StepResult::duration))
                    .map(st -> "; its slowest step took " + st.duration().toMillis() + " ms: " + st.step()).orElse("");
        }
        return "";
    }

    private FaultRecord record(boolean passed, String failure) {
        return new FaultRecord(scenario, run, detail, passed, returnMillis, inTime, outcome, dataCheck, failure);
    }
}
