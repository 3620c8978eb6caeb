package org.colo4j.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.colo4j.ColoPair;
import org.colo4j.Role;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpTimeoutException;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.StatusInfo;

/**
 * Finds how a node is, for a decision: {@code query-status} and {@code query-colo-status} sent
 * together within a deadline, combined with what the {@link SignalWatch} saw of it before.
 */
final class HealthCheck {

    private HealthCheck() {
    }

    /** Sends the queries now; the supplier waits for the answers (at most {@code timeout}) and gives the verdict. */
    static Supplier<NodeHealth> start(ColoPair pair, Role role, SignalWatch watch, Duration timeout) {
        String name = pair.spec().node(role).name();
        long t0 = System.nanoTime();
        if (!pair.isReachable(role)) {
            return () -> health(role, name, NodeHealth.State.GONE, null, null, "its QMP connection is closed", t0);
        }
        if (watch != null && watch.unresponsive(role)) {
            // The liveness query already waited the whole timeout and nothing has answered since: asking again
            // would only wait as long once more.
            return () -> health(role, name, NodeHealth.State.UNRESPONSIVE, null, null, "its liveness query got no answer"
                    + " within " + timeout.toMillis() + " ms, and nothing has answered since", t0);
        }
        CompletableFuture<StatusInfo> run;
        CompletableFuture<ColoStatusInfo> colo;
        try {
            QmpClient qmp = pair.qmp(role);
            run = qmp.executeAsync(new QueryStatus(), timeout);
            colo = qmp.executeAsync(new QueryColoStatus(), timeout);
        } catch (RuntimeException e) {
            return () -> health(role, name, NodeHealth.State.GONE, null, null, "its QMP connection is closed", t0);
        }
        return () -> {
            StatusInfo status;
            ColoStatusInfo coloStatus;
            try {
                if (watch != null && !answeredOrGivenUp(run, role, watch, t0 + timeout.toNanos() + 100_000_000L)) {
                    // The liveness query sent before this one has now missed its deadline: the node is as
                    // unresponsive as a second wait would find it (measured: a frozen secondary's decision came
                    // a whole probe timeout later when this query was waited for too).
                    return health(role, name, NodeHealth.State.UNRESPONSIVE, null, null, "its liveness query got no answer"
                            + " within " + timeout.toMillis() + " ms while the guard assessed it", t0);
                }
                status = run.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
                coloStatus = colo.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return unresponsive(role, name, timeout, t0);
            } catch (ExecutionException | CompletionException e) {
                if (e.getCause() instanceof QmpTimeoutException) {
                    return unresponsive(role, name, timeout, t0);
                }
                return health(role, name, pair.isReachable(role) ? NodeHealth.State.UNRESPONSIVE : NodeHealth.State.GONE,
                        null, null, "its status query failed: " + e.getCause().getMessage(), t0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return health(role, name, NodeHealth.State.UNRESPONSIVE, null, null, "interrupted while asking it", t0);
            }
            return verdict(role, name, status.status(), coloStatus.mode(), watch, t0);
        };
    }

    /**
     * Waits until {@code answer} completes (true) or {@code watch} finds the node unresponsive (false),
     * whichever comes first, until {@code deadline} (System.nanoTime; then true: the caller's own wait decides).
     */
    private static boolean answeredOrGivenUp(CompletableFuture<?> answer, Role role, SignalWatch watch, long deadline)
            throws InterruptedException {
        while (!answer.isDone() && System.nanoTime() < deadline) {
            if (watch.unresponsive(role)) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Every role, primary first: those in {@code roles} asked in parallel, the others {@link NodeHealth.State#UNKNOWN}. */
    static List<NodeHealth> assess(ColoPair pair, Set<Role> roles, SignalWatch watch, Duration timeout) {
        Map<Role, Supplier<NodeHealth>> pending = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            if (roles.contains(r)) {
                pending.put(r, start(pair, r, watch, timeout));
            }
        }
        List<NodeHealth> found = new ArrayList<>(2);
        for (Role r : Role.values()) {
            Supplier<NodeHealth> p = pending.get(r);
            found.add(p != null ? p.get() : new NodeHealth(r, pair.spec().node(r).name(), NodeHealth.State.UNKNOWN, null,
                    null, "not controlled by this guard", Duration.ZERO));
        }
        return found;
    }

    /** The verdict on a node that answered with {@code runState} and {@code mode}. */
    static NodeHealth verdict(Role role, String name, RunState runState, ColoMode mode, SignalWatch watch, long t0) {
        String states = "run state " + wire(runState) + ", COLO mode " + wire(mode);
        if (runState == RunState.INTERNAL_ERROR || runState == RunState.GUEST_PANICKED || runState == RunState.SHUTDOWN) {
            return health(role, name, NodeHealth.State.FAILED, runState, mode, states + ": its guest cannot go on", t0);
        }
        String disks = watch == null ? null : watch.diskFailed(role);
        if (disks != null) {
            return health(role, name, NodeHealth.State.FAILED, runState, mode, states + "; its disks fail: " + disks, t0);
        }
        if (mode == ColoMode.NONE) {
            return runState == RunState.RUNNING
                    ? health(role, name, NodeHealth.State.ALONE, runState, mode, states, t0)
                    : health(role, name, NodeHealth.State.FAILED, runState, mode, states + ": out of COLO and not running", t0);
        }
        ColoMode expected = role == Role.PRIMARY ? ColoMode.PRIMARY : ColoMode.SECONDARY;
        if (mode != expected) {
            return health(role, name, NodeHealth.State.FAILED, runState, mode, states + ", but it is the " + role, t0);
        }
        if (watch != null && watch.coloBroken(role)) {
            return health(role, name, NodeHealth.State.COLO_BROKEN, runState, mode, states + "; COLO broke (seen before)", t0);
        }
        return health(role, name, NodeHealth.State.REPLICATING, runState, mode, states, t0);
    }

    private static NodeHealth unresponsive(Role role, String name, Duration timeout, long t0) {
        return health(role, name, NodeHealth.State.UNRESPONSIVE, null, null, "no answer within " + timeout.toMillis() + " ms", t0);
    }

    private static NodeHealth health(Role role, String name, NodeHealth.State state, RunState runState, ColoMode mode,
                                     String detail, long t0) {
        return new NodeHealth(role, name, state, runState, mode, detail, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static String wire(Enum<?> e) {
        return e == null ? "?" : e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
