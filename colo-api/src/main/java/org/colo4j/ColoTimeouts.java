package org.colo4j;

import java.time.Duration;
import java.util.Objects;

/**
 * The deadlines of a {@link ColoPair}'s procedures. Every wait colo4j does has one of these as its
 * bound; none waits longer than its reason.
 *
 * <pre>{@code
 * ColoPair pair = ColoPair.connect(spec, ColoPairOptions.defaults()
 *         .withTimeouts(ColoTimeouts.defaults().withFailover(Duration.ofSeconds(10))));
 * }</pre>
 *
 * @param start {@link ColoPair#start()}: from {@code migrate} until both nodes report COLO (default 60 s;
 *     the first checkpoint copies the whole guest RAM, so allow for its size and the link)
 * @param failover a failover, from its first command until the survivor runs alone (default 30 s)
 * @param resume {@link ColoPair#resumeReplication}: from the new secondary's first command until both
 *     nodes report COLO again, the resync excluded (default 60 s)
 * @param resync the resync of each disk until its mirror is ready (default 30 min: a full copy of the
 *     disk over the link)
 * @param chardevConnect how long preflight waits for the secondary's reconnecting proxy chardevs to
 *     reach the primary (default 5 s; QEMU before 9.2 reconnects once a second)
 * @param probe one node's status query when colo4j needs it to decide (failover checks, fail-fast
 *     watches) or to describe a failure in an exception (default 1 s); a node that does not answer
 *     within it counts as unreachable for that decision
 * @param teardownStep one teardown command of a failover on the primary before colo4j yanks the
 *     peer's connections again and keeps waiting for it (default 2 s)
 */
public record ColoTimeouts(Duration start, Duration failover, Duration resume, Duration resync,
                           Duration chardevConnect, Duration probe, Duration teardownStep) {

    private static final ColoTimeouts DEFAULTS = new ColoTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofMinutes(30), Duration.ofSeconds(5), Duration.ofSeconds(1),
            Duration.ofSeconds(2));

    public ColoTimeouts {
        positive(start, "start");
        positive(failover, "failover");
        positive(resume, "resume");
        positive(resync, "resync");
        positive(chardevConnect, "chardevConnect");
        positive(probe, "probe");
        positive(teardownStep, "teardownStep");
    }

    /** The documented defaults. */
    public static ColoTimeouts defaults() {
        return DEFAULTS;
    }

    public ColoTimeouts withStart(Duration d) {
        return new ColoTimeouts(d, failover, resume, resync, chardevConnect, probe, teardownStep);
    }

    public ColoTimeouts withFailover(Duration d) {
        return new ColoTimeouts(start, d, resume, resync, chardevConnect, probe, teardownStep);
    }

    public ColoTimeouts withResume(Duration d) {
        return new ColoTimeouts(start, failover, d, resync, chardevConnect, probe, teardownStep);
    }

    public ColoTimeouts withResync(Duration d) {
        return new ColoTimeouts(start, failover, resume, d, chardevConnect, probe, teardownStep);
    }

    public ColoTimeouts withChardevConnect(Duration d) {
        return new ColoTimeouts(start, failover, resume, resync, d, probe, teardownStep);
    }

    public ColoTimeouts withProbe(Duration d) {
        return new ColoTimeouts(start, failover, resume, resync, chardevConnect, d, teardownStep);
    }

    public ColoTimeouts withTeardownStep(Duration d) {
        return new ColoTimeouts(start, failover, resume, resync, chardevConnect, probe, d);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new ColoValidationException("ColoTimeouts", java.util.List.of(new ColoProblem("timeouts." + name,
                    "is " + d + "; give a positive duration, e.g. " + name + "(Duration.ofSeconds(5))")));
        }
    }
}
