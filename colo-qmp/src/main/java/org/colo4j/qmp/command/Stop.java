package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code stop}: pauses all guest CPUs; QEMU emits {@code STOP}.
 *
 * <p>Used when resuming replication: the node that survived a failover is stopped once the
 * resync mirror is ready, before the mirror is cancelled and COLO is restarted (COLO-FT.txt).
 *
 * <pre>{@code qmp.execute(new Stop());}</pre>
 */
public record Stop() implements QmpCommand<Void> {

    @Override
    public String commandName() {
        return "stop";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
