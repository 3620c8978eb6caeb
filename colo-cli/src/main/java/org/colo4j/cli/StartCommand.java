package org.colo4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.colo4j.ColoPair;
import org.colo4j.Role;
import org.colo4j.StartReport;
import picocli.CommandLine.Command;

/**
 * {@code colo4j start}: preflight, then COLO's start on both QEMUs (launched beforehand with
 * {@code colo4j argv}); returns once both report COLO. Exit 4 when preflight refuses.
 */
@Command(name = "start", description = {"Start COLO on both running QEMUs (started with 'colo4j argv' lines):",
    "preflight first (exit 4, nothing changed, if it fails), then returns once both report COLO."})
final class StartCommand extends PairCommand {

    @Override
    public Integer call() {
        try (ColoPair pair = connect()) {
            StartReport report = pair.start();
            if (json) {
                ObjectNode doc = Json.object();
                doc.put("steps", report.steps().size());
                doc.put("totalMs", report.total().toMillis());
                doc.set("primary", StatusJson.of(Role.PRIMARY, report.status().primary()));
                doc.set("secondary", StatusJson.of(Role.SECONDARY, report.status().secondary()));
                out().println(Json.line(doc));
            } else {
                out().println("COLO started in " + report.total().toMillis() + " ms (" + report.steps().size() + " steps)");
                out().println(Role.PRIMARY + " " + report.status().primary());
                out().println(Role.SECONDARY + " " + report.status().secondary());
            }
            return ExitCodes.OK;
        }
    }
}
