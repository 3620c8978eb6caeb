package org.colo4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.colo4j.ColoPair;
import org.colo4j.PreflightReport;
import picocli.CommandLine.Command;

/** {@code colo4j preflight}: the live checks of both QEMUs, changing nothing; exit 4 if one fails. */
@Command(name = "preflight", description = "Check both QEMUs before a start, changing nothing (exit 4 if a check fails).")
final class PreflightCommand extends PairCommand {

    @Override
    public Integer call() {
        try (ColoPair pair = connect()) {
            PreflightReport report = pair.preflight();
            print(report);
            return report.passed() ? ExitCodes.OK : ExitCodes.PREFLIGHT_REFUSED;
        }
    }

    private void print(PreflightReport report) {
        if (json) {
            ObjectNode doc = Json.object();
            doc.put("passed", report.passed());
            ArrayNode checks = doc.putArray("checks");
            for (PreflightReport.Check c : report.checks()) {
                ObjectNode o = checks.addObject();
                o.put("node", c.node() == null ? null : c.node().toString());
                o.put("check", c.name());
                o.put("passed", c.passed());
                o.put("detail", c.detail());
            }
            out().println(Json.line(doc));
            return;
        }
        for (PreflightReport.Check c : report.checks()) {
            out().println(c);
        }
        out().println(report.passed() ? "preflight passed" : "preflight FAILED: " + report.failures().size() + " check(s)");
    }
}
