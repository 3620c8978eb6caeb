package org.colo4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.ResyncListener;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code colo4j resume --on SURVIVOR}: after a failover onto SURVIVOR, replication back to a fresh
 * secondary, which the operator started with {@code colo4j argv --pair NEXT --node OTHER} where
 * NEXT is the file {@code --write-next} wrote (or the one given with {@code --next}).
 */
@Command(name = "resume", description = {"After a failover onto SURVIVOR: resync and bring COLO back with a fresh secondary.",
    "The next pair (SURVIVOR primary, the other node secondary with the old secondary's image paths) is",
    "--next FILE if given, else made from --pair; --write-next FILE only writes it (for 'colo4j argv') and exits."})
final class ResumeCommand extends PairCommand {

    @Option(names = "--on", required = true, paramLabel = "SURVIVOR", description = "The node that failed over and runs alone.")
    String on;

    @Option(names = "--next", paramLabel = "FILE", description = "The pair after the failover (its primary must be SURVIVOR).")
    Path nextFile;

    @Option(names = "--write-next", paramLabel = "FILE", description = "Write the next pair file and exit; change nothing.")
    Path writeNext;

    @Override
    public Integer call() {
        Role survivor = role(on);
        ColoPairSpec next = next(survivor);
        if (writeNext != null) {
            next.write(writeNext);
            out().println(json ? Json.line(Json.object().put("next", writeNext.toString())) : "wrote " + writeNext
                    + ": start the new secondary with: colo4j argv --pair " + writeNext + " --node " + next.secondary().name());
            return ExitCodes.OK;
        }
        // Only the survivor is connected here: resumeReplication opens the new secondary's QMP itself, and a QEMU
        // monitor serves one client at a time. The failover is repeated (harmless once done) so that this process's
        // pair knows its survivor.
        ColoNode away = spec().node(survivor.other()).toBuilder()
                .qmpConnect(QmpEndpoint.unix(Path.of("/nonexistent/colo4j-resume.qmp"))).build();
        ColoPairSpec survivorOnly = survivor == Role.PRIMARY ? spec().toBuilder().secondary(away).build()
                : spec().toBuilder().primary(away).build();
        try (ColoPair pair = ColoPair.connect(survivorOnly)) {
            if (survivor == Role.PRIMARY) {
                pair.failover().onPrimary();
            } else {
                pair.failover().onSecondary();
            }
            ResyncListener progress = json ? ResyncListener.NONE : p -> out().println("resync: " + p);
            try (ColoPair resumed = pair.resumeReplication(next, progress)) {
                var st = resumed.status();
                if (json) {
                    ObjectNode doc = Json.object();
                    doc.set("primary", StatusJson.of(Role.PRIMARY, st.primary()));
                    doc.set("secondary", StatusJson.of(Role.SECONDARY, st.secondary()));
                    out().println(Json.line(doc));
                } else {
                    out().println("COLO resumed: primary " + st.primary() + "; secondary " + st.secondary());
                }
            }
            return ExitCodes.OK;
        }
    }

    private ColoPairSpec next(Role survivor) {
        if (nextFile != null) {
            ColoPairSpec next = ColoPairSpec.read(nextFile);
            if (!next.primary().name().equals(on)) {
                throw new UsageException("--next " + nextFile + ": its primary is '" + next.primary().name()
                        + "', not the survivor '" + on + "'");
            }
            return next;
        }
        ColoNode fresh = spec().node(survivor.other());
        return spec().afterFailover(survivor, fresh, spec().disks());
    }
}
