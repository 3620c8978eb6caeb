package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code cont}: resumes guest CPUs after {@link Stop} or a {@code -S} start; QEMU emits {@code RESUME}.
 *
 * <pre>{@code qmp.execute(new Cont());}</pre>
 */
public record Cont() implements QmpCommand<Void> {

    @Override
    public String commandName() {
        return "cont";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
