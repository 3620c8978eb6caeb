package org.colo4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code colo4j} command: {@code colo4j SUBCOMMAND --pair pair.yaml ...}. {@link #main} exits
 * with the code of {@link #execute}; tests call {@link #execute} with their own writers.
 */
@Command(name = "colo4j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Drives a QEMU COLO pair described by a pair file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed (QMP error, failed step, failover refused, guest failed)",
            "2:usage (bad option, unknown node name, bad JSON argument)", "3:node unreachable",
            "4:preflight refused (nothing changed)", "5:pair file missing or invalid"})
public final class Colo4j implements Runnable {

    /**
     * The subcommands by name, in help order. Only the one invoked is registered with picocli (its
     * model is built by reflection, which costs start-up time on every call): see {@link #commandLine}.
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("argv", ArgvCommand::new);
        m.put("plan", PlanCommand::new);
        m.put("preflight", PreflightCommand::new);
        m.put("start", StartCommand::new);
        m.put("status", StatusCommand::new);
        m.put("failover", FailoverCommand::new);
        m.put("resume", ResumeCommand::new);
        m.put("qmp", QmpCallCommand::new);
        m.put("events", EventsCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The command line for {@code args}: only {@code args[0]}'s subcommand when it names one, else all (help, errors). */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Colo4j());
        java.util.function.Supplier<Object> only = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
        if (only != null) {
            cli.addSubcommand(args[0], only.get());
        } else {
            SUBCOMMANDS.forEach((name, make) -> cli.addSubcommand(name, make.get()));
        }
        return cli;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(command.commandLine(), "a subcommand is missing");
    }

    /**
     * Runs {@code colo4j args} in this JVM.
     *
     * @param args the arguments after {@code colo4j}
     * @param out where results go
     * @param err where errors go, one line each starting {@code colo4j: }
     * @return the exit code ({@link ExitCodes})
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        StatusCommand status = FastStatus.parse(args);
        if (status != null) {
            try {
                return FastStatus.run(status, out, err);
            } finally {
                out.flush();
                err.flush();
            }
        }
        return viaPicocli(args, out, err);
    }

    /** {@link #execute} through picocli, whatever the subcommand (tests compare it with {@link FastStatus}). */
    static int viaPicocli(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new Errors());
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("colo4j: " + e.getMessage());
            e.getCommandLine().getErr().println("colo4j: try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'");
            return ExitCodes.USAGE;
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Runs the command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        String training = System.getenv("COLO4J_CDS_TRAINING");
        if (training != null && !training.isEmpty()) {
            System.exit(train(training, out));
        }
        System.exit(execute(args, out, err));
    }

    /**
     * The AppCDS training run at package time (the launcher dumps the classes it loaded): the usual
     * calls on a copy of {@code sample} whose QMP endpoints lead nowhere (so that no QEMU that
     * happens to run at the sample's sockets is touched), so that the archive holds both status
     * routes, the operations' connection path and picocli's. Returns 0; the calls' own codes are
     * printed.
     */
    static int train(String sample, PrintWriter out) {
        String pairFile;
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("colo4j-cds");
            org.colo4j.ColoPairSpec spec = org.colo4j.ColoPairSpec.read(java.nio.file.Path.of(sample));
            java.nio.file.Path none = dir.resolve("none");
            spec = spec.toBuilder()
                    .primary(spec.primary().toBuilder().qmpConnect(org.colo4j.qmp.QmpEndpoint.unix(none.resolve("p.qmp"))).build())
                    .secondary(spec.secondary().toBuilder().qmpConnect(org.colo4j.qmp.QmpEndpoint.unix(none.resolve("s.qmp"))).build())
                    .build();
            java.nio.file.Path copy = dir.resolve("pair.yaml");
            spec.write(copy);
            dir.toFile().deleteOnExit();      // deleted in reverse order: the file, then the folder
            copy.toFile().deleteOnExit();
            pairFile = copy.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String[][] calls = {
            {"status", "--pair", pairFile},
            {"status", "--pair", pairFile, "--node", "primary", "--state"},
            {"status", "--pair", pairFile, "--node", "primary", "--json"},
            {"failover", "--pair", pairFile, "--on", "primary"},
            {"argv", "--pair", pairFile},
            {"plan", "--pair", pairFile, "--json"},
            {"status", "--help"},
        };
        PrintWriter sink = new PrintWriter(java.io.Writer.nullWriter());
        for (String[] call : calls) {
            out.println("colo4j " + String.join(" ", call) + ": exit " + execute(call, sink, sink));
        }
        return ExitCodes.OK;
    }
}
