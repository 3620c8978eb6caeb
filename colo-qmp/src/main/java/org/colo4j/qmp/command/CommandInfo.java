package org.colo4j.qmp.command;

/**
 * One entry of the {@link QueryCommands} reply: {@code {"name": "query-colo-status"}}.
 *
 * @param name the command name
 */
public record CommandInfo(String name) {}
