package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-colo-status}: this node's COLO role, its role before the last exit, and why it
 * exited.
 *
 * <p>A replicating pair answers {@code mode primary} and {@code mode secondary}; after a failover
 * by {@link XColoLostHeartbeat} the survivor answers {@code mode none, last-mode secondary, reason
 * request}. Since QEMU 3.1; present only when QEMU was built with {@code CONFIG_REPLICATION}.
 *
 * <pre>{@code ColoMode mode = qmp.execute(new QueryColoStatus()).mode();}</pre>
 */
public record QueryColoStatus() implements QmpCommand<ColoStatusInfo> {

    private static final QmpReturn<ColoStatusInfo> RETURN = QmpReturn.of(ColoStatusInfo.class);

    @Override
    public String commandName() {
        return "query-colo-status";
    }

    @Override
    public QmpReturn<ColoStatusInfo> returnType() {
        return RETURN;
    }
}
