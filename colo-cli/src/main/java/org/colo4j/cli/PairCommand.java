package org.colo4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: {@code --pair} (the pair file), {@code --json}, and resolving a
 * node name of the file to its role.
 */
abstract class PairCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Option(names = "--pair", required = true, paramLabel = "FILE",
            description = "The pair file (.yaml, .yml or .json), as ColoPairSpec.read reads it.")
    Path pairFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--json", description = "Print JSON (one document) instead of text, for scripts.")
    boolean json;

    private ColoPairSpec spec;
    /** Set when the command runs without picocli ({@link FastStatus}); else picocli's writers. */
    PrintWriter directOut;
    PrintWriter directErr;

    /** The pair file, read and validated once. */
    final ColoPairSpec spec() {
        if (spec == null) {
            if (!Files.exists(pairFile)) {
                throw new PairFileMissingException(pairFile);
            }
            spec = ColoPairSpec.read(pairFile);
        }
        return spec;
    }

    final PrintWriter out() {
        return directOut != null ? directOut : command.commandLine().getOut();
    }

    final PrintWriter err() {
        return directErr != null ? directErr : command.commandLine().getErr();
    }

    /**
     * The role of the node named {@code name} in the pair file.
     *
     * @throws UsageException naming both nodes if neither is called {@code name}
     */
    final Role role(String name) {
        ColoPairSpec s = spec();
        for (Role r : Role.values()) {
            if (s.node(r).name().equals(name)) {
                return r;
            }
        }
        throw new UsageException("unknown node '" + name + "' in " + pairFile + ": its nodes are '" + s.primary().name()
                + "' (primary) and '" + s.secondary().name() + "' (secondary)");
    }

    final ColoNode node(Role role) {
        return spec().node(role);
    }

    /** Connects to the pair (returns with one node down; throws ColoNodeUnreachableException if both are). */
    final ColoPair connect() {
        return ColoPair.connect(spec());
    }

    /** The pair file does not exist: exit {@link ExitCodes#BAD_PAIR_FILE} with one line. */
    static final class PairFileMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PairFileMissingException(Path file) {
            super("pair file " + file + ": no such file");
        }
    }
}
