/**
 * The {@code colo4j} command: picocli subcommands on a pair file ({@code argv}, {@code plan},
 * {@code preflight}, {@code start}, {@code status}, {@code failover}, {@code resume}, {@code qmp},
 * {@code events}), human output by default and {@code --json} for scripts, with the exit codes of
 * {@link org.colo4j.cli.ExitCodes}. {@link org.colo4j.cli.Colo4j#execute} runs it in-process.
 *
 * <p>Null rule: no parameter or return value in this package is null unless its Javadoc says so.
 */
package org.colo4j.cli;
