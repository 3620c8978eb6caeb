package org.colo4j;

import java.util.List;

/**
 * A step of start, failover or resume failed. The message names the step (node, command, purpose),
 * QEMU's answer, and both nodes' status at that moment; {@link #completed()} lists the steps that
 * had succeeded before it.
 */
public class ColoStepException extends ColoException {

    private final ColoStep step;
    private final List<StepResult> completed;
    private final ColoStatus status;

    public ColoStepException(String operation, ColoStep step, List<StepResult> completed, ColoStatus status, Throwable cause) {
        super(operation + " failed " + (step == null ? "before its first step" : "at " + step) + ": "
                + (cause == null ? "" : cause.getMessage())
                + (status == null ? "" : "\nstate of the pair:\n" + status), cause);
        this.step = step;
        this.completed = List.copyOf(completed);
        this.status = status;
    }

    /** The step that failed, or null when the operation failed before its first step or while waiting after its last. */
    public ColoStep step() {
        return step;
    }

    /** The steps that completed before it. */
    public List<StepResult> completed() {
        return completed;
    }

    /** Both nodes' status when it failed (best effort; unreachable nodes say so), or null. */
    public ColoStatus status() {
        return status;
    }
}
