package org.colo4j;

import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;

/**
 * Tells a guest that stopped for good from a routine stop: after a {@code STOP} it asks the node's
 * run state, and reports {@link PairEvent.Kind#NODE_FAILED} for {@code internal-error} (a KVM
 * emulation failure, for one) or {@code guest-panicked}. The query runs in the background; a node
 * that does not answer is left to the connection-loss and status checks.
 */
final class NodeFailureWatch {

    private final PairConnections connections;

    NodeFailureWatch(PairConnections connections) {
        this.connections = connections;
    }

    void check(Role role, QmpClient client, QmpEvent cause) {
        if (cause.name().equals("GUEST_PANICKED")) {
            report(role, cause);
            return;
        }
        if (!client.isOpen()) {
            return;
        }
        client.executeAsync(new QueryStatus(), connections.probeTimeout()).thenAcceptAsync(status -> {
            if (isFailed(status.status())) {
                report(role, cause);
            }
        }).exceptionally(e -> null);
    }

    private void report(Role role, QmpEvent cause) {
        connections.emit(PairEvent.nodeFailed(role, connections.name(role), cause, connections.operating));
        connections.changed();
    }

    /** Whether a guest in {@code state} cannot go on: {@code internal-error} or {@code guest-panicked}. */
    static boolean isFailed(RunState state) {
        return state == RunState.INTERNAL_ERROR || state == RunState.GUEST_PANICKED;
    }
}
