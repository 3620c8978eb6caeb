package org.colo4j.cli;

import java.io.PrintWriter;
import org.colo4j.ColoNodeUnreachableException;
import org.colo4j.ColoValidationException;
import org.colo4j.PairFileException;
import org.colo4j.PreflightFailedException;
import org.colo4j.PreflightReport;
import org.colo4j.qmp.QmpConnectException;
import org.colo4j.qmp.QmpConnectionClosedException;
import org.colo4j.qmp.QmpErrorResponseException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns every exception a subcommand throws into lines on stderr, each starting {@code colo4j: }, and an exit code. */
final class Errors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = report(e, err);
        err.flush();
        return code;
    }

    static int report(Throwable e, PrintWriter err) {
        if (e instanceof UsageException) {
            err.println("colo4j: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof FailedException f) {
            err.println("colo4j: " + f.getMessage());
            return f.code();
        }
        if (e instanceof PairCommand.PairFileMissingException) {
            err.println("colo4j: " + e.getMessage());
            return ExitCodes.BAD_PAIR_FILE;
        }
        if (e instanceof PairFileException p) {
            for (PairFileException.Located l : p.located()) {
                err.println("colo4j: " + p.file() + (l.line() == 0 ? ": " : ":") + parserLines(l.toString()));
            }
            return ExitCodes.BAD_PAIR_FILE;
        }
        if (e instanceof ColoValidationException v) {
            // e.g. resume's next spec, built from the pair file and --next.
            v.problems().forEach(p -> err.println("colo4j: " + p));
            return ExitCodes.BAD_PAIR_FILE;
        }
        if (e instanceof ColoNodeUnreachableException u) {
            err.println("colo4j: " + oneLine(u.getMessage()));
            return ExitCodes.NODE_UNREACHABLE;
        }
        if (e instanceof QmpConnectException c) {
            err.println("colo4j: " + oneLine(c.getMessage()));
            return ExitCodes.NODE_UNREACHABLE;
        }
        if (e instanceof QmpConnectionClosedException c) {
            err.println("colo4j: the QMP connection closed: " + oneLine(c.getMessage()));
            return ExitCodes.NODE_UNREACHABLE;
        }
        if (e instanceof PreflightFailedException p) {
            err.println("colo4j: preflight refused the start (nothing was changed):");
            for (PreflightReport.Check c : p.report().failures()) {
                err.println("colo4j:   " + c);
            }
            return ExitCodes.PREFLIGHT_REFUSED;
        }
        if (e instanceof QmpErrorResponseException q) {
            err.println("colo4j: " + oneLine(q.getMessage()));
            return ExitCodes.FAILED;
        }
        if (e instanceof org.colo4j.qmp.Colo4jException) {
            String[] lines = String.valueOf(e.getMessage()).split("\n");
            for (String line : lines) {
                err.println("colo4j: " + line.strip());
            }
            return ExitCodes.FAILED;
        }
        err.println("colo4j: unexpected " + e);
        for (StackTraceElement s : e.getStackTrace()) {
            err.println("colo4j:   at " + s);
        }
        return ExitCodes.FAILED;
    }

    /**
     * A parser's message on one line: SnakeYAML's echo of the source line, its caret and its
     * "in 'reader', line ..." lines go (the location is already in front).
     */
    static String parserLines(String message) {
        return String.join("; ", String.valueOf(message).lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip).toList());
    }

    static String oneLine(String message) {
        return String.valueOf(message).replace('\n', ' ').replaceAll("\\s+", " ").strip();
    }
}
