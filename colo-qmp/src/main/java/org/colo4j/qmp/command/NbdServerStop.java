package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code nbd-server-stop}: stops the NBD server and drops every export it serves.
 *
 * <p>In COLO this is the first step of a secondary failover (COLO-FT.txt): the secondary stops
 * serving {@code parent0} to the dead primary before {@link XColoLostHeartbeat}. QEMU answers
 * {@code GenericError "NBD server not running"} when no server was started.
 *
 * <pre>{@code qmp.execute(new NbdServerStop());}</pre>
 */
public record NbdServerStop() implements QmpCommand<Void> {

    @Override
    public String commandName() {
        return "nbd-server-stop";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
