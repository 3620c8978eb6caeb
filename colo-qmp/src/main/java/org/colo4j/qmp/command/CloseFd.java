package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code closefd}: closes a file descriptor stored by {@link GetFd}.
 *
 * @param fdname the name it was stored under
 */
public record CloseFd(String fdname) implements QmpCommand<Void> {

    public CloseFd {
        Args.text(fdname, "fdname");
    }

    @Override
    public String commandName() {
        return "closefd";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
