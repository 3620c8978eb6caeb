package org.colo4j.fault;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * How often and how hard the fault scenarios run, from system properties.
 *
 * <ul>
 *   <li>{@value #RUNS}: runs per scenario. Unset (CI's default run): {@value #CI_KILL_RUNS} for the
 *       kill scenarios, at least one per variant for the others. {@code -Pfaults} sets 20.</li>
 *   <li>{@value #BOUND}: seconds a faulted call may take before the run fails (default 10).</li>
 *   <li>{@value #RESCUE}: seconds a call that overran the bound gets to return once the test has
 *       undone the fault, for the record (default 2; {@code -Pfaults} sets 20).</li>
 *   <li>{@value #SEED}: seed of the random kill moments (default: the clock; every run's message
 *       and RELIABILITY.md carry it, so a failure can be replayed).</li>
 * </ul>
 */
final class FaultRuns {

    static final String RUNS = "colo4j.faults.runs";
    static final String BOUND = "colo4j.faults.boundSeconds";
    static final String SEED = "colo4j.faults.seed";
    static final String RESCUE = "colo4j.faults.rescueSeconds";
    /** Kill scenarios run at least this often in CI's default run. */
    static final int CI_KILL_RUNS = 10;

    private static final long SEED_VALUE = Long.getLong(SEED, System.currentTimeMillis());

    private FaultRuns() {}

    /** Run indexes of a kill scenario: {@value #RUNS}, else {@value #CI_KILL_RUNS}. */
    static IntStream kills() {
        return IntStream.range(0, runs(CI_KILL_RUNS));
    }

    /** Run indexes of a scenario with one variant (a freeze, a partition): {@value #RUNS}, else 1. */
    static IntStream once() {
        return IntStream.range(0, runs(1));
    }

    /** Run indexes of a scenario whose runs alternate between two victims: {@value #RUNS}, else 2. */
    static IntStream twice() {
        return IntStream.range(0, runs(2));
    }

    /** The runs per scenario set with {@value #RUNS}, or {@code ciDefault}. */
    static int runs(int ciDefault) {
        return Integer.getInteger(RUNS, ciDefault);
    }

    /** Whether {@value #RUNS} was given (a reliability run rather than CI's default). */
    static boolean runsSet() {
        return System.getProperty(RUNS) != null;
    }

    /** How long a faulted call may take. */
    static Duration bound() {
        return Duration.ofSeconds(Long.getLong(BOUND, 10));
    }

    /** How long a call that overran the bound may still take once the fault is undone (for the record only). */
    static Duration rescueWait() {
        return Duration.ofSeconds(Long.getLong(RESCUE, 2));
    }

    /** The seed of this JVM's random moments. */
    static long seed() {
        return SEED_VALUE;
    }

    /** The random source of run {@code run} of {@code scenario}: the same seed gives the same moments. */
    static Random random(String scenario, int run) {
        return new Random(SEED_VALUE * 31 + scenario.hashCode() * 1_000_003L + run);
    }
}
