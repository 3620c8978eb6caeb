package org.colo4j;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of {@link ColoPair#start()}: the preflight it passed, every step with its duration, the
 * time until both nodes reported COLO, and the final status.
 *
 * @param preflight the checks that ran first
 * @param steps every step, in order
 * @param total from the first command until both nodes reported COLO and the primary ran
 * @param status both nodes at the end
 */
public record StartReport(PreflightReport preflight, List<StepResult> steps, Duration total, ColoStatus status) {

    public StartReport {
        steps = List.copyOf(steps);
    }

    @Override
    public String toString() {
        return "COLO started in " + total.toMillis() + " ms\n"
                + steps.stream().map(StepResult::toString).collect(Collectors.joining("\n")) + "\n" + status;
    }
}
