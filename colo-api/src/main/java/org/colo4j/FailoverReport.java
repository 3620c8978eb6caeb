package org.colo4j;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of a failover: which node carries on, every step with its duration, how long it took in
 * all, and the survivor's final status.
 *
 * @param survivor the role of the node that carries on (its role before the failover)
 * @param steps every step, in order
 * @param total from the first command to the survivor reporting COLO mode none and running
 * @param status the survivor's status at the end
 */
public record FailoverReport(Role survivor, List<StepResult> steps, Duration total, NodeStatus status) {

    public FailoverReport {
        steps = List.copyOf(steps);
    }

    /** Time spent in QMP commands alone (the steps' durations added up). */
    public Duration qmpTime() {
        return steps.stream().map(StepResult::duration).reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public String toString() {
        return "failover on the " + survivor + ": " + total.toMillis() + " ms (" + qmpTime().toMillis() + " ms in QMP)\n"
                + steps.stream().map(StepResult::toString).collect(Collectors.joining("\n")) + "\n" + status;
    }
}
