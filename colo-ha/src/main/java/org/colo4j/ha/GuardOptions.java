package org.colo4j.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.ColoProblem;
import org.colo4j.ColoValidationException;

/**
 * The thresholds of a {@link ColoGuard}. Every one has a documented default, chosen for a pair on one
 * LAN with checkpoints every few seconds; {@link #defaults()} holds them all.
 *
 * <pre>{@code
 * GuardOptions options = GuardOptions.builder()
 *         .probeTimeout(Duration.ofMillis(500))   // detect a frozen node faster
 *         .diskErrorThreshold(1)
 *         .build();                              // ColoValidationException lists every problem
 * }</pre>
 *
 * <h2>What each threshold detects, and in how long</h2>
 * <ul>
 *   <li>A node that dies (kill -9, crash): its QMP connection closes, at once; no threshold.</li>
 *   <li>A node that freezes or is cut off: the liveness query ({@code query-status}, in band, since
 *       QEMU allows only {@code migrate-recover}, {@code migrate-pause}, {@code yank} and
 *       {@code query-yank} out of band) is sent every {@link #probeInterval()}, and a node that has
 *       answered none for {@link #probeTimeout()} (counted from its last answer) is unresponsive: a
 *       frozen node is detected within the timeout (measured here: 1.0-1.1 s with the default). When it misses, an out-of-band {@code query-yank} tells a stuck main loop (the
 *       monitor thread answers) from a frozen process, for the event's detail.</li>
 *   <li>A checkpoint stall: the primary reports no {@code RESUME} for {@link #checkpointStallFactor()}
 *       times the pair's checkpoint delay (never less than {@link #probeTimeout()}).</li>
 *   <li>Disk errors: {@link #diskErrorThreshold()} {@code QUORUM_REPORT_BAD} or
 *       {@code BLOCK_IO_ERROR} events within {@link #diskErrorWindow()}.</li>
 * </ul>
 *
 * @param probeInterval how often the guard asks each node it controls for its run state (default
 *     250 ms)
 * @param probeTimeout how long a node may leave liveness queries unanswered (from its last answer)
 *     before it counts as unresponsive, and the deadline of the status queries a decision is made from (default 1 s)
 * @param checkpointStallFactor how many checkpoint delays without a {@code RESUME} on the primary
 *     make a stall (default 4)
 * @param diskErrorThreshold how many disk error events within {@link #diskErrorWindow()} count as a
 *     failed disk (default 3)
 * @param diskErrorWindow the window disk errors are counted in (default 10 s)
 * @param secondaryGrace agents only: how long the secondary's guard, whose COLO broke while the
 *     primary's guard is still in the arbitration, leaves the primary to claim the next epoch first
 *     (the primary holds the newest state) before claiming it itself (default 1 s)
 * @param autoFailback whether the guard of a survivor resumes replication by itself when a
 *     replacement secondary is announced through the arbiter (needs a {@link FailbackPlanner};
 *     default false)
 */
public record GuardOptions(Duration probeInterval, Duration probeTimeout, int checkpointStallFactor,
                           int diskErrorThreshold, Duration diskErrorWindow, Duration secondaryGrace,
                           boolean autoFailback) {

    private static final GuardOptions DEFAULTS = builder().build();

    /** Validates as {@link Builder#build()} does. */
    public GuardOptions {
        List<ColoProblem> problems = new ArrayList<>();
        positive(problems, probeInterval, "probeInterval", "Duration.ofMillis(250)");
        positive(problems, probeTimeout, "probeTimeout", "Duration.ofSeconds(1)");
        positive(problems, diskErrorWindow, "diskErrorWindow", "Duration.ofSeconds(10)");
        if (secondaryGrace == null || secondaryGrace.isNegative()) {
            problems.add(new ColoProblem("guard.secondaryGrace", "is " + secondaryGrace
                    + "; give zero or a positive duration, e.g. secondaryGrace(Duration.ofSeconds(1))"));
        }
        if (checkpointStallFactor < 2) {
            problems.add(new ColoProblem("guard.checkpointStallFactor", "is " + checkpointStallFactor
                    + "; give 2 or more: a checkpoint may start up to one delay late, so one delay is no stall"));
        }
        if (diskErrorThreshold < 1) {
            problems.add(new ColoProblem("guard.diskErrorThreshold", "is " + diskErrorThreshold
                    + "; give 1 or more (1: the first disk error fails the node)"));
        }
        if (!problems.isEmpty()) {
            throw new ColoValidationException("GuardOptions", problems);
        }
    }

    /** Every default: see the fields. */
    public static GuardOptions defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder().probeInterval(probeInterval).probeTimeout(probeTimeout)
                .checkpointStallFactor(checkpointStallFactor).diskErrorThreshold(diskErrorThreshold)
                .diskErrorWindow(diskErrorWindow).secondaryGrace(secondaryGrace).autoFailback(autoFailback);
    }

    /** How long without a RESUME on the primary is a stall, for a pair checkpointing every {@code delay}. */
    public Duration checkpointStall(Duration delay) {
        Duration stall = delay.multipliedBy(checkpointStallFactor);
        return stall.compareTo(probeTimeout) < 0 ? probeTimeout : stall;
    }

    private static void positive(List<ColoProblem> problems, Duration d, String field, String example) {
        if (d == null || d.isNegative() || d.isZero()) {
            problems.add(new ColoProblem("guard." + field, "is " + d + "; give a positive duration, e.g. "
                    + field + "(" + example + ")"));
        }
    }

    /** Builds {@link GuardOptions}; starts from the defaults. Not thread-safe. */
    public static final class Builder {

        private Duration probeInterval = Duration.ofMillis(250);
        private Duration probeTimeout = Duration.ofSeconds(1);
        private int checkpointStallFactor = 4;
        private int diskErrorThreshold = 3;
        private Duration diskErrorWindow = Duration.ofSeconds(10);
        private Duration secondaryGrace = Duration.ofSeconds(1);
        private boolean autoFailback;

        private Builder() {
        }

        public Builder probeInterval(Duration d) {
            this.probeInterval = d;
            return this;
        }

        public Builder probeTimeout(Duration d) {
            this.probeTimeout = d;
            return this;
        }

        public Builder checkpointStallFactor(int factor) {
            this.checkpointStallFactor = factor;
            return this;
        }

        public Builder diskErrorThreshold(int count) {
            this.diskErrorThreshold = count;
            return this;
        }

        public Builder diskErrorWindow(Duration d) {
            this.diskErrorWindow = d;
            return this;
        }

        public Builder secondaryGrace(Duration d) {
            this.secondaryGrace = d;
            return this;
        }

        public Builder autoFailback(boolean on) {
            this.autoFailback = on;
            return this;
        }

        /**
         * The options.
         *
         * @throws ColoValidationException listing every problem, each with its field and the fix
         */
        public GuardOptions build() {
            return new GuardOptions(probeInterval, probeTimeout, checkpointStallFactor, diskErrorThreshold,
                    diskErrorWindow, secondaryGrace, autoFailback);
        }
    }
}
