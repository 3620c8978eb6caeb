package org.colo4j.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.colo4j.FailoverReport;
import org.colo4j.ResyncProgress;
import org.colo4j.Role;

/**
 * Everything a {@link ColoGuard} sees, decides and does, as typed values: what was seen
 * ({@link SignalSeen}, {@link Ignored}), what was decided and from what ({@link Decided}), and each
 * step with how long it took ({@link EpochWon}, {@link EpochLost}, {@link Fenced}, {@link FailedOver},
 * the failback events). Their {@code toString()} is one line, ready to log; tests switch on the type.
 *
 * <pre>{@code
 * guard.onEvent(e -> {
 *     log.info("{}", e);
 *     if (e instanceof GuardEvent.FailedOver f) {
 *         metrics.record(f.sinceSignal());
 *     }
 * });
 * }</pre>
 */
public sealed interface GuardEvent {

    /** When it happened. */
    Instant at();

    /** The guard started watching {@code controlled} as arbitration member {@code member}, in {@code epoch}. */
    record Watching(String member, Set<Role> controlled, Epoch epoch, Instant at) implements GuardEvent {
        public Watching {
            Objects.requireNonNull(member, "member");
            controlled = Set.copyOf(controlled);
            Objects.requireNonNull(epoch, "epoch");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "guard " + member + " watching " + controlled + " in " + epoch;
        }
    }

    /** The guard saw {@code signal} and will decide from it. */
    record SignalSeen(Signal signal) implements GuardEvent {
        public SignalSeen {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public Instant at() {
            return signal.at();
        }

        @Override
        public String toString() {
            return "seen " + signal;
        }
    }

    /** The guard saw {@code what} and did not act on it, because {@code why} (e.g. it came from colo4j's own failover). */
    record Ignored(String what, String why, Instant at) implements GuardEvent {
        public Ignored {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "ignored " + what + ": " + why;
        }
    }

    /**
     * The guard decided {@code decision} after {@code trigger}, having asked the nodes how they are
     * (which took {@code assessment}).
     */
    record Decided(Decision decision, Signal trigger, Duration assessment, Instant at) implements GuardEvent {
        public Decided {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(assessment, "assessment");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "decided " + decision + " after " + trigger.kind() + " (assessed in " + assessment.toMillis() + " ms: "
                    + decision.health() + ")";
        }
    }

    /** The guard won {@code epoch} from the arbiter in {@code took}: its survivor may run alone. */
    record EpochWon(Epoch epoch, Duration took, Instant at) implements GuardEvent {
        public EpochWon {
            Objects.requireNonNull(epoch, "epoch");
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "won " + epoch + " in " + took.toMillis() + " ms";
        }
    }

    /**
     * The guard's claim from {@code mine} lost: the arbiter is at {@code current}, won by another
     * node. The guard fences its nodes next.
     */
    record EpochLost(Epoch mine, Epoch current, Duration took, Instant at) implements GuardEvent {
        public EpochLost {
            Objects.requireNonNull(mine, "mine");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "lost the claim from " + mine + ": the arbiter is at " + current + " (" + took.toMillis() + " ms)";
        }
    }

    /** The guest of {@code node} was stopped by {@code how} (QMP stop and quit, the user's hook, the Fencer) in {@code took}. */
    record Fenced(Role role, String node, String how, Duration took, Instant at) implements GuardEvent {
        public Fenced {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(how, "how");
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "fenced " + role + " " + node + " by " + how + " in " + took.toMillis() + " ms";
        }
    }

    /** Fencing {@code node} by {@code how} failed with {@code error}. */
    record FenceFailed(Role role, String node, String how, String error, Instant at) implements GuardEvent {
        public FenceFailed {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(how, "how");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "FENCE FAILED for " + role + " " + node + " by " + how + ": " + error;
        }
    }

    /**
     * The failover onto {@code survivor} completed: it runs alone. {@code sinceSignal} is the time
     * from the first signal of this incident to the survivor running alone; the report holds every
     * QMP step with its duration.
     */
    record FailedOver(Role survivor, FailoverReport report, Duration sinceSignal, Instant at) implements GuardEvent {
        public FailedOver {
            Objects.requireNonNull(survivor, "survivor");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(sinceSignal, "sinceSignal");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "failed over onto the " + survivor + " " + report.status().name() + ": running alone "
                    + sinceSignal.toMillis() + " ms after the first signal (failover " + report.total().toMillis() + " ms)";
        }
    }

    /** {@code action} failed with {@code error}; the guard halts (see {@link Halted}) or goes on as it says. */
    record ActionFailed(String action, String error, Instant at) implements GuardEvent {
        public ActionFailed {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return action + " FAILED: " + error;
        }
    }

    /** Failback started: replication resumes towards {@code replacement}. */
    record FailbackStarted(Replacement replacement, Instant at) implements GuardEvent {
        public FailbackStarted {
            Objects.requireNonNull(replacement, "replacement");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "failback to " + replacement.node() + " started";
        }
    }

    /** The failback's disk copy progressed. */
    record FailbackProgress(ResyncProgress progress, Instant at) implements GuardEvent {
        public FailbackProgress {
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "failback resync " + progress;
        }
    }

    /** Failback completed in {@code took}: the pair replicates again and the guard watches the new pair. */
    record FailbackDone(String newSecondary, Duration took, Instant at) implements GuardEvent {
        public FailbackDone {
            Objects.requireNonNull(newSecondary, "newSecondary");
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "failback to " + newSecondary + " done in " + took.toMillis() + " ms: replicating again";
        }
    }

    /** The guard stopped acting: {@code why} (it fenced itself, or could not fence before a failover). An operator takes over. */
    record Halted(String why, Instant at) implements GuardEvent {
        public Halted {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "guard halted: " + why;
        }
    }

    /** The guard was closed. */
    record Stopped(Instant at) implements GuardEvent {
        public Stopped {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "guard stopped";
        }
    }
}
