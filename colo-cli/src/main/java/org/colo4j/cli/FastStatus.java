package org.colo4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code colo4j status} without picocli, for the call a cluster manager makes every few seconds:
 * picocli's model (built by reflection from classes the JVM cannot put in a CDS archive, their
 * bytecode being Java 5's) costs about a third of that call's start-up. Only the plain spellings
 * are taken here ({@code --pair F}, {@code --pair=F}, {@code --node N}, {@code --node=N},
 * {@code --state}, {@code --json}); anything else (help, an unknown option, a missing
 * {@code --pair}) goes through picocli, which reports it.
 */
final class FastStatus {

    private FastStatus() {}

    /** The status command {@code args} asks for, or null when picocli must parse them. */
    static StatusCommand parse(String[] args) {
        if (args.length < 3 || !args[0].equals("status")) {
            return null;
        }
        StatusCommand c = new StatusCommand();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--state") && !c.stateOnly) {
                c.stateOnly = true;
            } else if (a.equals("--json") && !c.json) {
                c.json = true;
            } else if ((a.equals("--pair") || a.equals("--node")) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                if (!set(c, a, args[++i])) {
                    return null;
                }
            } else if ((a.startsWith("--pair=") || a.startsWith("--node=")) && a.length() > 7) {
                if (!set(c, a.substring(0, 6), a.substring(7))) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return c.pairFile == null ? null : c;
    }

    private static boolean set(StatusCommand c, String option, String value) {
        if (option.equals("--pair")) {
            if (c.pairFile != null) {
                return false;
            }
            c.pairFile = Path.of(value);
        } else {
            if (c.nodeName != null) {
                return false;
            }
            c.nodeName = value;
        }
        return true;
    }

    /** Runs {@code command} as picocli would, with the same error handling. */
    static int run(StatusCommand command, PrintWriter out, PrintWriter err) {
        command.directOut = out;
        command.directErr = err;
        try {
            return command.call();
        } catch (RuntimeException e) {
            return Errors.report(e, err);
        }
    }
}
