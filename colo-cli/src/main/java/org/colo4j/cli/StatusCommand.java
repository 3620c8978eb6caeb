package org.colo4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.NodeStatus;
import org.colo4j.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code colo4j status}: both nodes (or one) as QEMU reports them. With {@code --node}, exits 3 when
 * that node does not answer and 1 when its guest failed, so a monitor can act on the code alone.
 */
@Command(name = "status", description = {"Print each node's run state, COLO mode and migration status.",
    "With --node: exit 3 if that node is unreachable, 1 if its guest failed."})
final class StatusCommand extends PairCommand {

    @Option(names = "--node", paramLabel = "NAME", description = "Only this node.")
    String nodeName;

    @Option(names = "--state", description = "Print only the state word(s): colo-primary, colo-secondary, alone,"
            + " waiting, stopped, failed, unreachable.")
    boolean stateOnly;

    @Override
    public Integer call() {
        Role only = nodeName == null ? null : role(nodeName);
        List<Role> roles = only == null ? List.of(Role.PRIMARY, Role.SECONDARY) : List.of(only);
        NodeStatus[] status = new NodeStatus[2];
        if (only != null) {
            status[only.ordinal()] = NodeQuery.status(node(only));
        } else {
            bothNodes(status);
            if (!status[0].reachable() && !status[1].reachable()) {
                // Neither answers: ColoPair.connect reports that as every pair command does (exit 3).
                try (ColoPair pair = connect()) {
                    for (Role r : roles) {
                        status[r.ordinal()] = pair.nodeStatus(r);
                    }
                }
            }
        }
        if (json) {
            ObjectNode doc = Json.object();
            for (Role r : roles) {
                doc.set(r == Role.PRIMARY ? "primary" : "secondary", StatusJson.of(r, orUnreachable(r, status)));
            }
            out().println(Json.line(only == null ? doc : doc.get(only == Role.PRIMARY ? "primary" : "secondary")));
        } else {
            for (Role r : roles) {
                NodeStatus s = orUnreachable(r, status);
                out().println(stateOnly ? NodeState.of(s).word() : r + " " + s + " [" + NodeState.of(s).word() + "]");
            }
        }
        if (only == null) {
            return ExitCodes.OK;
        }
        NodeState state = NodeState.of(orUnreachable(only, status));
        return state == NodeState.UNREACHABLE ? ExitCodes.NODE_UNREACHABLE
                : state == NodeState.FAILED ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /**
     * Both nodes' status, each over its own connection (what {@code ColoPair.nodeStatus} sends), the
     * secondary's on a second thread: the two connections' set-up and queries overlap, and no
     * {@code ColoPair} is built for a look (start-up of the command, issue 16).
     */
    private void bothNodes(NodeStatus[] status) {
        ColoNode secondary = node(Role.SECONDARY);
        Thread other = new Thread(() -> status[Role.SECONDARY.ordinal()] = NodeQuery.status(secondary),
                "colo4j-status-secondary");
        other.setDaemon(true);
        other.start();
        status[Role.PRIMARY.ordinal()] = NodeQuery.status(node(Role.PRIMARY));
        try {
            other.join(); // NodeQuery's own deadlines bound the wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailedException(ExitCodes.FAILED, "interrupted while asking " + secondary.name() + " for its status");
        }
    }

    private NodeStatus orUnreachable(Role r, NodeStatus[] status) {
        NodeStatus s = status[r.ordinal()];
        return s != null ? s : NodeQuery.unreachable(node(r));
    }
}
