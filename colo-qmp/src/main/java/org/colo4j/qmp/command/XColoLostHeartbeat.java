package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code x-colo-lost-heartbeat}: tells this node that its COLO peer is gone, so it leaves COLO and
 * carries on alone (failover).
 *
 * <p>On the secondary it takes over the guest (after {@link NbdServerStop}); on the primary it
 * continues without replication. The node then emits {@code COLO_EXIT} with reason
 * {@code request} and {@code query-colo-status} reports mode {@code none}. Unstable ({@code x-}),
 * and present only when QEMU was built with {@code CONFIG_REPLICATION}; QEMU 7.2 answers
 * {@code GenericError "The feature 'colo' is not enabled"} on a node that is not in COLO.
 *
 * <pre>{@code qmp.execute(new XColoLostHeartbeat());}</pre>
 */
public record XColoLostHeartbeat() implements QmpCommand<Void> {

    @Override
    public String commandName() {
        return "x-colo-lost-heartbeat";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
