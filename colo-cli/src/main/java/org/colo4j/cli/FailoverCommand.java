package org.colo4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.colo4j.ColoPair;
import org.colo4j.FailoverReport;
import org.colo4j.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code colo4j failover --on NODE}: NODE carries on alone (its peer died). Needs only NODE;
 * repeating it after it succeeded is harmless.
 */
@Command(name = "failover", description = {"Fail over onto NODE: it leaves COLO and runs the guest alone.",
    "Needs only NODE; repeating it after it succeeded is harmless."})
final class FailoverCommand extends PairCommand {

    @Option(names = "--on", required = true, paramLabel = "NODE", description = "The node that carries on.")
    String on;

    @Override
    public Integer call() {
        Role role = role(on);
        try (ColoPair pair = connect()) {
            FailoverReport report = role == Role.PRIMARY ? pair.failover().onPrimary() : pair.failover().onSecondary();
            if (json) {
                ObjectNode doc = Json.object();
                doc.put("survivor", node(role).name());
                doc.put("totalMs", report.total().toMillis());
                doc.put("qmpMs", report.qmpTime().toMillis());
                doc.set("status", StatusJson.of(role, report.status()));
                out().println(Json.line(doc));
            } else {
                out().println("failed over onto " + role + " '" + node(role).name() + "' in " + report.total().toMillis()
                        + " ms (" + report.qmpTime().toMillis() + " ms of QMP)");
                out().println(role + " " + report.status());
            }
            return ExitCodes.OK;
        }
    }
}
