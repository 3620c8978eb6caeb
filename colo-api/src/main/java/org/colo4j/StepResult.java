package org.colo4j;

import java.time.Duration;
import java.util.Objects;

/**
 * What happened to one step when it ran.
 *
 * @param step the step
 * @param outcome {@code DONE}, or {@code ALREADY_DONE} when QEMU said the teardown had happened before
 * @param duration how long the step took (QMP round trip, or the wait)
 */
public record StepResult(ColoStep step, Outcome outcome, Duration duration) {

    /** How a step ended. */
    public enum Outcome {
        DONE,
        ALREADY_DONE
    }

    public StepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
    }

    @Override
    public String toString() {
        return String.format("%7.1f ms %-12s %s", duration.toNanos() / 1e6, outcome, step);
    }
}
