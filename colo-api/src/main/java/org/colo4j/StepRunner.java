package org.colo4j;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpEventWaiter;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.QmpTimeoutException;
import org.colo4j.qmp.command.BlockJobInfo;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.JobStatus;
import org.colo4j.qmp.command.QueryBlockJobs;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.XColoLostHeartbeat;

/**
 * Runs {@link ColoStep}s on a pair's nodes, one after another, recording each in {@code done}. A step
 * that fails ends the run with a {@link ColoStepException} naming it and both nodes' state (probed
 * within {@link ColoTimeouts#probe()}); a step on a node that cannot be reached fails at once with
 * {@link ColoNodeUnreachableException} as the cause.
 */
final class StepRunner {

    /**
     * How a failover's teardown waits: each command may take {@code slice}; when it does not answer in
     * time, {@code again} runs (a fresh yank) and the wait goes on, up to {@code deadlineNanos}.
     */
    record Patience(Duration slice, long deadlineNanos, Runnable again) {}

    private final PairConnections connections;
    private final ColoTimeouts timeouts;

    StepRunner(PairConnections connections, ColoTimeouts timeouts) {
        this.connections = connections;
        this.timeouts = timeouts;
    }

    void run(String operation, List<ColoStep> steps, List<StepResult> done) {
        run(operation, steps, done, ResyncListener.NONE, null);
    }

    void run(String operation, List<ColoStep> steps, List<StepResult> done, ResyncListener progress, Patience patience) {
        Map<ColoStep, QmpEventWaiter> waiters = new HashMap<>();
        try {
            for (ColoStep step : steps) {
                if (step.awaitEvent() != null) {
                    QmpClient qmp = require(operation, step, done);
                    waiters.put(step, qmp.expectEvent(step.awaitEvent(),
                            e -> step.awaitDevice() == null || step.awaitDevice().equals(e.get("device").asText())));
                }
            }
            for (ColoStep step : steps) {
                long t = System.nanoTime();
                QmpClient qmp = require(operation, step, done);
                StepResult.Outcome outcome = StepResult.Outcome.DONE;
                try {
                    if (step.command() == null) {
                        awaitJob(operation, step, waiters.get(step), progress, done);
                    } else if (step.command() instanceof XColoLostHeartbeat && !inColo(qmp)) {
                        outcome = StepResult.Outcome.ALREADY_DONE;
                    } else if (patience != null) {
                        execute(qmp, step, patience);
                    } else {
                        qmp.execute(step.command());
                    }
                } catch (QmpErrorResponseException e) {
                    if (!alreadyDone(qmp, step, e)) {
                        throw failed(operation, step, done, e);
                    }
                    outcome = StepResult.Outcome.ALREADY_DONE;
                } catch (QmpException e) {
                    throw failed(operation, step, done, connections.isOpen(step.node()) ? e
                            : connections.unreachableError(step.node(), operation));
                }
                done.add(new StepResult(step, outcome, Duration.ofNanos(System.nanoTime() - t)));
            }
        } finally {
            waiters.values().forEach(QmpEventWaiter::close);
        }
    }

    private QmpClient require(String operation, ColoStep step, List<StepResult> done) {
        try {
            return connections.require(step.node(), operation);
        } catch (ColoNodeUnreachableException e) {
            throw failed(operation, step, done, e);
        }
    }

    /** A failover's teardown command: waits in slices, running {@code again} (a yank) after each that passes. */
    private static void execute(QmpClient qmp, ColoStep step, Patience patience) {
        long remaining = patience.deadlineNanos() - System.nanoTime();
        CompletableFuture<?> reply = qmp.executeAsync(step.command(), Duration.ofNanos(Math.max(remaining, 1_000_000)));
        while (true) {
            try {
                reply.get(Math.min(patience.slice().toNanos(), Math.max(remaining, 0)), TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException slow) {
                remaining = patience.deadlineNanos() - System.nanoTime();
                if (remaining <= 0) {
                    reply.cancel(false);
                    throw new QmpTimeoutException(step.command().commandName() + " did not answer before the failover's"
                            + " deadline, although colo4j yanked the peer's connections", patience.slice());
                }
                patience.again().run();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof QmpException q) {
                    throw q;
                }
                throw new ColoException(step.command().commandName() + " failed: " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ColoException("interrupted while waiting for " + step.command().commandName(), e);
            }
        }
    }

    /**
     * Whether QEMU's error means the teardown had been done already. For {@code x-colo-lost-heartbeat}
     * the node's COLO mode decides (QEMU's wording for it changed between releases); for the others,
     * the step's expected text.
     */
    private boolean alreadyDone(QmpClient qmp, ColoStep step, QmpErrorResponseException e) {
        if (step.command() instanceof XColoLostHeartbeat) {
            return !inColo(qmp);
        }
        return step.isAlreadyDone(e);
    }

    private boolean inColo(QmpClient qmp) {
        try {
            return qmp.execute(new QueryColoStatus(), timeouts.probe()).mode() != ColoMode.NONE;
        } catch (QmpException e) {
            return true; // cannot tell: send the command and let QEMU decide
        }
    }

    /**
     * Waits for a block job's event (the resync mirror's {@code BLOCK_JOB_READY}), reporting progress,
     * and fails at once when the job fails or vanishes, or its node's connection closes.
     */
    private void awaitJob(String operation, ColoStep step, QmpEventWaiter waiter, ResyncListener progress,
                          List<StepResult> done) {
        QmpClient qmp = connections.client(step.node());
        long deadline = System.nanoTime() + step.timeout().toNanos();
        while (true) {
            try {
                QmpEvent ready = waiter.await(Duration.ofMillis(200));
                long len = ready.get("len") == null ? 0 : ready.get("len").asLong();
                progress.progress(new ResyncProgress(step.awaitDevice(), len, len));
                return;
            } catch (QmpTimeoutException slice) {
                if (!"BLOCK_JOB_READY".equals(step.awaitEvent())) {
                    if (System.nanoTime() > deadline) {
                        throw slice;
                    }
                    continue;
                }
                BlockJobInfo job = null;
                for (BlockJobInfo j : qmp.execute(new QueryBlockJobs(), timeouts.probe())) {
                    if (step.awaitDevice().equals(j.device())) {
                        job = j;
                    }
                }
                if (job == null || isOver(job)) {
                    if (waiter.future().isDone()) {
                        continue; // it became ready between the wait and the query
                    }
                    throw failed(operation, step, done, new ColoException("the resync job " + step.awaitDevice() + " "
                            + (job == null ? "vanished" : "ended (" + job.status() + (job.error() == null ? "" : ": " + job.error()) + ")")
                            + " before it was ready: the new secondary's NBD export is gone (did the new secondary die?)"));
                }
                progress.progress(new ResyncProgress(job.device(), job.offset(), job.len()));
                for (Role other : Role.values()) {
                    if (other != step.node()) {
                        connections.require(other, operation + " (the resync's target)");
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new QmpTimeoutException("no " + step.awaitEvent() + " for " + step.awaitDevice()
                            + " within " + step.timeout(), step.timeout());
                }
            }
        }
    }

    private static boolean isOver(BlockJobInfo job) {
        JobStatus s = job.jobStatus();
        return s == JobStatus.ABORTING || s == JobStatus.CONCLUDED || s == JobStatus.NULL_ || job.error() != null;
    }

    ColoStepException failed(String operation, ColoStep step, List<StepResult> done, Throwable cause) {
        return new ColoStepException(operation, step, done, NodeProbe.status(connections, timeouts.probe()), cause);
    }
}
