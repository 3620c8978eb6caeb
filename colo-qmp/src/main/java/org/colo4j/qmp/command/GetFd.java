package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code getfd}: stores the file descriptor passed with this command (SCM_RIGHTS over a unix
 * socket) under {@code fdname}, for commands that take {@code fd:fdname}, e.g. a migration URI.
 * Send it with {@code QmpClient.executeWithFds}; without a descriptor QEMU answers
 * {@code "No file descriptor supplied via SCM_RIGHTS"}.
 *
 * @param fdname the name to store it under
 */
public record GetFd(String fdname) implements QmpCommand<Void> {

    public GetFd {
        Args.text(fdname, "fdname");
        if (Character.isDigit(fdname.charAt(0))) {
            throw new IllegalArgumentException("fdname must not start with a digit (QEMU rejects it), got \"" + fdname + "\"");
        }
    }

    @Override
    public String commandName() {
        return "getfd";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
