package org.colo4j.blockgraph;

import java.util.List;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;

/**
 * An ordered list of QMP steps for one QEMU, built by {@link BlockPlans}. A plan is data: print it
 * for a dry run, compare its {@link #jsonLines()} in tests, or run it with {@link BlockPlanRunner}.
 *
 * @param name what the plan does, e.g. {@code "secondary NBD export"}
 * @param side the QEMU it is meant for
 * @param steps the steps, in order
 */
public record BlockPlan(String name, Side side, List<PlanStep> steps) {

    public BlockPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(side, "side");
        steps = List.copyOf(steps);
    }

    /** The commands of the plan, in order, without the waits. */
    public List<QmpCommand<?>> commands() {
        return steps.stream().filter(s -> s instanceof PlanStep.Execute)
                .<QmpCommand<?>>map(s -> ((PlanStep.Execute) s).command()).toList();
    }

    /** Each command as one line of JSON, in order, exactly as it would be sent (without ids). */
    public List<String> jsonLines() {
        return steps.stream().filter(s -> s instanceof PlanStep.Execute)
                .map(s -> ((PlanStep.Execute) s).json()).toList();
    }

    /** Whether the plan has no step (e.g. a teardown with nothing left to tear down). */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The name and side, then one numbered line per step. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append(" (on the ").append(side.name().toLowerCase(java.util.Locale.ROOT))
                .append(", ").append(steps.size()).append(steps.size() == 1 ? " step)" : " steps)");
        for (int i = 0; i < steps.size(); i++) {
            b.append("\n  ").append(i + 1).append(". ").append(steps.get(i));
        }
        return b.toString();
    }
}
