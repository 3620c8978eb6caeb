package org.colo4j.testkit;

/**
 * Answers the commands of a {@link FakeQmpServer} that no expectation or stub answers: the
 * server's fallback, where {@link FakeColoNode} plugs in its COLO model.
 *
 * <pre>{@code
 * FakeQmpServer server = FakeQmpServer.builder()
 *         .handler(cmd -> cmd.name().equals("query-colo-status")
 *                 ? QmpReply.ok(new ColoStatusInfo(ColoMode.PRIMARY, ColoMode.NONE, ColoExitReason.NONE))
 *                 : QmpReply.commandNotFound(cmd.name()))
 *         .build();
 * }</pre>
 *
 * <p>Called on the server's dispatcher thread, one command at a time, in the order received
 * ({@code exec-oob} commands on the reader thread, as QEMU does). It must not block for long.
 */
@FunctionalInterface
public interface QmpHandler {

    /**
     * The answer to {@code command}.
     *
     * @param command the command, already past capabilities negotiation
     * @return the answer; must not be null
     */
    QmpReply handle(ReceivedCommand command);

    /**
     * The default fallback: {@code CommandNotFound "The command NAME has not been found"}, what
     * QEMU answers for a command it does not have.
     * @return the handler
     */
    static QmpHandler commandNotFound() {
        return command -> QmpReply.commandNotFound(command.name());
    }
}
