package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code quit}: terminates QEMU at once; QEMU answers, emits {@code SHUTDOWN} with reason
 * {@code host-qmp-quit} and closes the connection.
 *
 * <pre>{@code qmp.execute(new Quit());}</pre>
 */
public record Quit() implements QmpCommand<Void> {

    @Override
    public String commandName() {
        return "quit";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
