package org.colo4j.blockgraph;

/**
 * A step of a {@link BlockPlan} failed while {@link BlockPlanRunner} ran it: QEMU refused a
 * command, an event did not come in time, or a block job ended with an error. The steps before it
 * took effect; the ones after it were not run. The cause is the QMP failure, if there was one.
 */
public class BlockPlanStepException extends BlockGraphException {

    private final transient BlockPlan plan;
    private final int stepIndex;

    /**
     * @param plan the plan that was running
     * @param stepIndex index of the failed step in {@link BlockPlan#steps()} (0-based)
     * @param detail what went wrong
     * @param cause the underlying failure; may be null
     */
    public BlockPlanStepException(BlockPlan plan, int stepIndex, String detail, Throwable cause) {
        super("step " + (stepIndex + 1) + " of " + plan.steps().size() + " of '" + plan.name() + "' on the "
                + plan.side().name().toLowerCase(java.util.Locale.ROOT) + " failed: " + plan.steps().get(stepIndex)
                + ": " + detail, cause);
        this.plan = plan;
        this.stepIndex = stepIndex;
    }

    /** The plan that was running. */
    public BlockPlan plan() {
        return plan;
    }

    /** Index of the failed step (0-based). */
    public int stepIndex() {
        return stepIndex;
    }

    /** The failed step. */
    public PlanStep step() {
        return plan.steps().get(stepIndex);
    }
}
