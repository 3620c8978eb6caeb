package org.colo4j.netfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpErrorResponseException;

/**
 * An ordered QMP sequence for one node, made by {@link ProxyPlans}: inspect it ({@link #json()}, a
 * dry run), hand its {@link #commands()} to your own executor, or {@link #run} it.
 *
 * @param name what the plan does, e.g. {@code secondary failover: remove the secondary proxy}
 * @param steps the steps, in execution order
 */
public record ProxyPlan(String name, List<ProxyStep> steps) {

    public ProxyPlan {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
    }

    /** The typed commands, in order. */
    public List<QmpCommand<?>> commands() {
        return steps.stream().<QmpCommand<?>>map(ProxyStep::command).toList();
    }

    /** One JSON line per step, as COLO-FT.txt writes them (without ids). */
    public List<String> json() {
        return steps.stream().map(ProxyStep::json).toList();
    }

    /**
     * Executes the steps in order on {@code qmp}, each with the client's command timeout. A teardown
     * step whose target is already gone counts as done, so a teardown can be repeated after a partial
     * failure; any other error stops the plan.
     *
     * @throws QmpErrorResponseException for the first step QEMU refused (earlier steps stay applied)
     * @throws org.colo4j.qmp.QmpException if the connection fails or a step times out
     */
    public ProxyPlanResult run(QmpClient qmp) {
        Objects.requireNonNull(qmp, "qmp");
        List<ProxyStep> executed = new ArrayList<>();
        List<ProxyStep> alreadyDone = new ArrayList<>();
        for (ProxyStep step : steps) {
            try {
                qmp.execute(step.command());
                executed.add(step);
            } catch (QmpErrorResponseException e) {
                if (!step.isAlreadyDone(e)) {
                    throw e;
                }
                alreadyDone.add(step);
            }
        }
        return new ProxyPlanResult(executed, alreadyDone);
    }

    @Override
    public String toString() {
        return name + steps.stream().map(s -> "\n  " + s).collect(Collectors.joining());
    }
}
