package org.colo4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.colo4j.ColoNode;
import org.colo4j.ColoTimeouts;
import org.colo4j.NodeStatus;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.RunState;

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
            qmp = QmpClient.connect(node.qmpConnect(),
                    QmpOptions.defaults().withName(node.name()).withCommandTimeout(timeout));
        } catch (QmpException e) {
            return unreachable(node);
        }
        // The replies are read as trees and their few members taken by hand: decoding them into
        // StatusInfo, ColoStatusInfo and MigrationInfo would have Jackson introspect three records
        // and build their deserializers, a noticeable part of a monitor call's start-up.
        try (qmp) {
            CompletableFuture<JsonNode> run = qmp.executeAsync("query-status", Map.of());
            CompletableFuture<JsonNode> colo = qmp.executeAsync("query-colo-status", Map.of());
            CompletableFuture<JsonNode> migration = qmp.executeAsync("query-migrate", Map.of());
            JsonNode c = qmp.await(colo, timeout);
            JsonNode r = qmp.await(run, timeout);
            JsonNode m = qmp.await(migration, timeout);
            return new NodeStatus(node.name(), true, wire(r, "status", RunState::fromWire), wire(c, "mode", ColoMode::fromWire),
                    wire(c, "last-mode", ColoMode::fromWire), wire(c, "reason", ColoExitReason::fromWire),
                    wire(m, "status", MigrationStatus::fromWire));
        } catch (QmpException e) {
            return unreachable(node);
        }
    }

    /** {@code reply.member} as its enum constant (unknown spellings as the enum's UNKNOWN), null when absent. */
    private static <E> E wire(JsonNode reply, String member, Function<String, E> fromWire) {
        JsonNode v = reply == null ? null : reply.get(member);
        return v == null || v.isNull() ? null : fromWire.apply(v.asText());
    }

    static NodeStatus unreachable(ColoNode node) {
        return new NodeStatus(node.name(), false, null, null, null, null, null);
    }
}
