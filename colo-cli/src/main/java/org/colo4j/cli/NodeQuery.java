package org.colo4j.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.colo4j.ColoNode;
import org.colo4j.ColoTimeouts;
import org.colo4j.NodeStatus;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.QmpReturn;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.StatusInfo;

/**
 * One node's status over its own QMP connection only, with the three queries {@code ColoPair.status()}
 * sends (sent together). {@code status --node} uses it: a monitor then never opens the peer's QMP
 * monitor, which serves one client at a time, and starts faster.
 */
final class NodeQuery {

    private NodeQuery() {}

    static NodeStatus status(ColoNode node) {
        Duration timeout = ColoTimeouts.defaults().probe();
        QmpClient qmp;
        try {
            qmp = QmpClient.connect(node.qmpConnect(), QmpOptions.defaults().withName(node.name()));
        } catch (QmpException e) {
            return unreachable(node);
        }
        // query-migrate is read into MigrationState, its status alone: MigrationInfo's list of socket
        // addresses would need Jackson's data binding (the ObjectMapper's build and introspection of
        // the record, a noticeable part of a monitor call's start-up); the other two replies' records
        // are plain and decode without it too.
        try (qmp) {
            CompletableFuture<StatusInfo> run = qmp.executeAsync(new QueryStatus(), timeout);
            CompletableFuture<ColoStatusInfo> colo = qmp.executeAsync(new QueryColoStatus(), timeout);
            CompletableFuture<MigrationState> migration = qmp.executeAsync(new QueryMigrationState(), timeout);
            ColoStatusInfo c = qmp.await(colo, timeout);
            return new NodeStatus(node.name(), true, qmp.await(run, timeout).status(), c.mode(), c.lastMode(), c.reason(),
                    qmp.await(migration, timeout).status());
        } catch (QmpException e) {
            return unreachable(node);
        }
    }

    /** The one member of {@code query-migrate}'s reply that a status shows. */
    public record MigrationState(MigrationStatus status) {}

    /** {@code query-migrate}, read into {@link MigrationState}. */
    record QueryMigrationState() implements QmpCommand<MigrationState> {
        @Override
        public String commandName() {
            return "query-migrate";
        }

        @Override
        public QmpReturn<MigrationState> returnType() {
            return QmpReturn.of(MigrationState.class);
        }
    }

    static NodeStatus unreachable(ColoNode node) {
        return new NodeStatus(node.name(), false, null, null, null, null, null);
    }
}
