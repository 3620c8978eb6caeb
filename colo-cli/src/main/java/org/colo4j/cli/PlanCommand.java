package org.colo4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.colo4j.ColoPlan;
import org.colo4j.ColoStep;
import picocli.CommandLine.Command;

/** {@code colo4j plan}: the dry run, every QMP command of every phase in order, touching no QEMU. */
@Command(name = "plan", description = "Print the QMP plan (start, failovers) without touching any QEMU.")
final class PlanCommand extends PairCommand {

    @Override
    public Integer call() throws JsonProcessingException {
        ColoPlan plan = spec().plan();
        if (!json) {
            out().println(plan);
            return ExitCodes.OK;
        }
        ObjectNode doc = Json.object();
        ArrayNode phases = doc.putArray("phases");
        for (ColoPlan.Phase phase : plan.phases()) {
            ObjectNode p = phases.addObject();
            p.put("name", phase.name());
            ArrayNode steps = p.putArray("steps");
            for (ColoStep step : phase.steps()) {
                ObjectNode s = steps.addObject();
                s.put("node", step.node().toString());
                s.put("purpose", step.purpose());
                if (step.command() != null) {
                    s.set("command", Json.MAPPER.readTree(step.describe()));
                } else {
                    s.put("awaitEvent", step.awaitEvent());
                    s.put("awaitDevice", step.awaitDevice());
                    s.put("timeoutMs", step.timeout().toMillis());
                }
            }
        }
        out().println(Json.line(doc));
        return ExitCodes.OK;
    }
}
