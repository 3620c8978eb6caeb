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
        subcommands = {ArgvCommand.class, PlanCommand.class, PreflightCommand.class, StartCommand.class,
            StatusCommand.class, FailoverCommand.class, ResumeCommand.class, QmpCallCommand.class, EventsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed (QMP error, failed step, failover refused, guest failed)",
            "2:usage (bad option, unknown node name, bad JSON argument)", "3:node unreachable",
            "4:preflight refused (nothing changed)", "5:pair file missing or invalid"})
public final class Colo4j implements Runnable {

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
        CommandLine cli = new CommandLine(new Colo4j());
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
        System.exit(execute(args, out, err));
    }
}
