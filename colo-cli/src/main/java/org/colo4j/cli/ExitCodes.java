package org.colo4j.cli;

/**
 * The exit codes of {@code colo4j}; README "Command line" lists them for scripts and the OCF agent.
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The command ran and failed: a QMP error, a failed step, a failover refused, a node whose guest failed. */
    public static final int FAILED = 1;
    /** Bad command line: unknown option or subcommand, unknown node name, bad JSON argument. */
    public static final int USAGE = 2;
    /** A node the command needs does not answer on its QMP endpoint (or neither node does). */
    public static final int NODE_UNREACHABLE = 3;
    /** Preflight found a problem; {@code start} changed nothing. */
    public static final int PREFLIGHT_REFUSED = 4;
    /** The pair file is missing, unreadable or invalid (every problem printed as file:line:column). */
    public static final int BAD_PAIR_FILE = 5;

    private ExitCodes() {}
}
