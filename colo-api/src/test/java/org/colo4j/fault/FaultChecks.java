package org.colo4j.fault;

import java.util.Random;
import org.colo4j.ColoPair;
import org.colo4j.ColoStatus;
import org.colo4j.FailoverReport;
import org.colo4j.Role;

/**
 * The checks every fault scenario ends with: the failover onto the survivor (bounded; a typed
 * exception may be answered with one retry, as a caller would), the survivor running alone in
 * {@link ColoPair#status()}, and the data-check pattern reading back on it.
 */
final class FaultChecks {

    private FaultChecks() {}

    /** {@code pair.failover().onPrimary()} or {@code onSecondary()}, by {@code survivor}. */
    static FailoverReport failover(ColoPair pair, Role survivor) {
        return survivor == Role.PRIMARY ? pair.failover().onPrimary() : pair.failover().onSecondary();
    }

    /** The call's name for messages and RELIABILITY.md. */
    static String failoverName(Role survivor) {
        return survivor == Role.PRIMARY ? "failover().onPrimary()" : "failover().onSecondary()";
    }

    /** Starts the failover onto {@code survivor} on its own thread. */
    static BoundedCall<FailoverReport> startFailover(ColoPair pair, Role survivor) {
        return BoundedCall.start(failoverName(survivor), () -> failover(pair, survivor));
    }

    /**
     * After the failover's first outcome: if it threw (a typed exception: {@link FaultRun#timed} has
     * checked that), retries it once, bounded, and requires the retry to succeed; then requires
     * {@code pair.status()} (bounded) to show {@code survivor} running alone.
     *
     * @param rescue undoes the fault if a call hangs (e.g. kills the node that was cut off)
     */
    static ColoStatus survivorRunsAlone(FaultRun run, ColoPair pair, Role survivor, BoundedCall.Outcome<?> first,
                                        Runnable rescue) {
        if (!first.succeeded()) {
            BoundedCall.Outcome<FailoverReport> retry = run.bounded(BoundedCall.start(failoverName(survivor) + " (retried)",
                    () -> failover(pair, survivor)), rescue);
            if (!retry.succeeded()) {
                AssertionError e = new AssertionError(run.label() + ": the failover failed and so did its retry; first: "
                        + first.error().getMessage() + "\nretry: " + retry.error().getMessage(), retry.error());
                e.addSuppressed(first.error());
                throw e;
            }
        }
        BoundedCall.Outcome<ColoStatus> status = run.bounded(BoundedCall.start("status()", pair::status), rescue);
        if (!status.succeeded()) {
            throw new AssertionError(run.label() + ": status() threw after the failover", status.error());
        }
        if (!status.value().node(survivor).isRunningAlone()) {
            throw new AssertionError(run.label() + ": the " + survivor + " does not run alone after the failover:\n"
                    + status.value());
        }
        return status.value();
    }

    /** {@link #patternReadsBack(FaultRun, FaultPair, ColoPair, Role, int, int, String)} in slot 0. */
    static void patternReadsBack(FaultRun run, FaultPair p, ColoPair pair, Role role, int pattern, String what) {
        patternReadsBack(run, p, pair, role, pattern, 0, what);
    }

    /**
     * Requires {@code pattern} to read back in data-check slot {@code slot} on {@code role}'s node of
     * {@code pair} and, so that the check is known to be able to fail, another pattern not to.
     */
    static void patternReadsBack(FaultRun run, FaultPair p, ColoPair pair, Role role, int pattern, int slot, String what) {
        boolean intact = p.readsBack(pair, role, pattern, slot);
        if (intact && p.readsBack(pair, role, pattern ^ 0xff, slot)) {
            throw new AssertionError(run.label() + ": the " + role + " reads back both 0x" + Integer.toHexString(pattern)
                    + " and 0x" + Integer.toHexString(pattern ^ 0xff) + ": the data check cannot fail, so it proves nothing");
        }
        run.dataCheck(intact, what + " (0x" + Integer.toHexString(pattern) + ")");
    }

    /** A pattern byte for a data check: never 0x00 (a blank disk reads zeros) nor 0xff. */
    static int pattern(Random random) {
        return 1 + random.nextInt(0xfe);
    }
}
