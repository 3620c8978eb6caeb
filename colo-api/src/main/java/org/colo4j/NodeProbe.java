package org.colo4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.MigrationInfo;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryMigrate;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.StatusInfo;

/** One node's {@link NodeStatus} from three queries sent together, within a deadline. */
final class NodeProbe {

    private NodeProbe() {}

    /** The node's status; unreachable if it has no open connection or does not answer within {@code timeout}. */
    static NodeStatus status(PairConnections connections, Role role, Duration timeout) {
        return send(connections, role, timeout).get();
    }

    /** Both nodes, queried at the same time, each within {@code timeout}. */
    static ColoStatus status(PairConnections connections, Duration timeout) {
        Supplier<NodeStatus> primary = send(connections, Role.PRIMARY, timeout);
        Supplier<NodeStatus> secondary = send(connections, Role.SECONDARY, timeout);
        return new ColoStatus(primary.get(), secondary.get());
    }

    /** Sends the three queries now; the supplier waits for their replies. */
    private static Supplier<NodeStatus> send(PairConnections connections, Role role, Duration timeout) {
        String name = connections.name(role);
        QmpClient qmp = connections.client(role);
        if (qmp == null || !qmp.isOpen()) {
            return () -> NodeStatus.unreachable(name);
        }
        try {
            // Sent together: QEMU answers them one after another, without waiting for us in between.
            CompletableFuture<StatusInfo> run = qmp.executeAsync(new QueryStatus(), timeout);
            CompletableFuture<ColoStatusInfo> colo = qmp.executeAsync(new QueryColoStatus(), timeout);
            CompletableFuture<MigrationInfo> migration = qmp.executeAsync(new QueryMigrate(), timeout);
            return () -> {
                try {
                    ColoStatusInfo c = qmp.await(colo, timeout);
                    return new NodeStatus(name, true, qmp.await(run, timeout).status(), c.mode(), c.lastMode(), c.reason(),
                            qmp.await(migration, timeout).status());
                } catch (QmpException e) {
                    return NodeStatus.unreachable(name);
                }
            };
        } catch (QmpException e) {
            return () -> NodeStatus.unreachable(name);
        }
    }
}
