package org.colo4j.qmp.command;

import java.util.List;
import java.util.Optional;

/**
 * The reply to {@link XDebugQueryBlockGraph}.
 *
 * @param nodes the vertices: block backends, block jobs and block driver nodes; empty if QEMU sent
 *     none
 * @param edges parent → child links, by vertex id; empty if QEMU sent none
 */
public record XDbgBlockGraph(List<XDbgBlockGraphNode> nodes, List<XDbgBlockGraphEdge> edges) {

    public XDbgBlockGraph {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    /** The vertex with this id. */
    public Optional<XDbgBlockGraphNode> node(long id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    /** The first vertex with this name (a node name, backend name or job id). */
    public Optional<XDbgBlockGraphNode> nodeNamed(String name) {
        return nodes.stream().filter(n -> name.equals(n.name())).findFirst();
    }

    /** The edges leaving the vertex with this id, in QEMU's order. */
    public List<XDbgBlockGraphEdge> edgesFrom(long parentId) {
        return edges.stream().filter(e -> e.parent() == parentId).toList();
    }
}
