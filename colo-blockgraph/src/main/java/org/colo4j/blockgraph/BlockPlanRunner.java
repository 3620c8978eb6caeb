package org.colo4j.blockgraph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpEventWaiter;
import org.colo4j.qmp.QmpException;

/**
 * Runs a {@link BlockPlan} over a QMP connection, step by step, stopping at the first failure.
 * Every wait has a deadline: commands use the client's command timeout, event steps their own.
 *
 * <pre>{@code
 * try (QmpClient secondary = QmpClient.connect(QmpEndpoint.unix(secondarySocket))) {
 *     BlockPlanRunner.run(secondary, BlockPlans.secondaryNbdExport(replication,
 *             secondary.greeting().version(), secondary.execute(new QueryBlock())));
 * }
 * }</pre>
 *
 * <p>Event steps listen from the start of the plan, so an event that QEMU emits before the step is
 * reached (a small disk's mirror is ready almost at once) is not missed.
 */
public final class BlockPlanRunner {

    private BlockPlanRunner() {}

    /**
     * Runs every step of {@code plan} on {@code qmp}.
     *
     * @throws BlockPlanStepException naming the step that failed, with the QMP failure as cause
     */
    public static void run(QmpClient qmp, BlockPlan plan) {
        List<PlanStep> steps = plan.steps();
        Map<Integer, QmpEventWaiter> waiters = new HashMap<>();
        try {
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) instanceof PlanStep.AwaitEvent a) {
                    waiters.put(i, qmp.expectEvent(a.event(), e -> a.device().equals(e.get("device").asText())));
                }
            }
            for (int i = 0; i < steps.size(); i++) {
                PlanStep step = steps.get(i);
                if (step instanceof PlanStep.Execute x) {
                    try {
                        qmp.execute(x.command());
                    } catch (QmpException e) {
                        throw new BlockPlanStepException(plan, i, e.getMessage(), e);
                    }
                } else if (step instanceof PlanStep.AwaitEvent a) {
                    QmpEvent event;
                    try {
                        event = waiters.get(i).await(a.timeout());
                    } catch (QmpException e) {
                        throw new BlockPlanStepException(plan, i, e.getMessage(), e);
                    }
                    JsonNode error = event.get("error");
                    if (error.isTextual()) {
                        throw new BlockPlanStepException(plan, i, "block job " + a.device() + " ended with an error: "
                                + error.asText(), null);
                    }
                }
            }
        } finally {
            waiters.values().forEach(QmpEventWaiter::close);
        }
    }
}
