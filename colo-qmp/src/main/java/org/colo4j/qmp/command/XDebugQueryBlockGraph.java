package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code x-debug-query-block-graph}: the whole block graph, backends, jobs and nodes, with the
 * permissions on each edge. Unstable ({@code x-}, debugging aid), since QEMU 4.0.
 *
 * <p>colo4j uses it to check the COLO replication graph as built: on the primary
 * quorum → {@code children.0} (local image) and {@code children.1} (replication → NBD); on the
 * secondary quorum → replication → active qcow2 → hidden qcow2 → parent.
 *
 * <pre>{@code XDbgBlockGraph g = qmp.execute(new XDebugQueryBlockGraph());}</pre>
 */
public record XDebugQueryBlockGraph() implements QmpCommand<XDbgBlockGraph> {

    private static final QmpReturn<XDbgBlockGraph> RETURN = QmpReturn.of(XDbgBlockGraph.class);

    @Override
    public String commandName() {
        return "x-debug-query-block-graph";
    }

    @Override
    public QmpReturn<XDbgBlockGraph> returnType() {
        return RETURN;
    }
}
