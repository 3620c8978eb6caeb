package org.colo4j.blockgraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.command.BlockDeviceInfo;
import org.colo4j.qmp.command.QueryNamedBlockNodes;
import org.colo4j.qmp.command.XDbgBlockGraph;
import org.colo4j.qmp.command.XDbgBlockGraphEdge;
import org.colo4j.qmp.command.XDbgBlockGraphNode;
import org.colo4j.qmp.command.XDebugQueryBlockGraph;

/**
 * The block graph a running QEMU actually built: nodes (block backends such as {@code colo-disk0},
 * and driver nodes with their driver and file name) and the named edges between them
 * ({@code root}, {@code children.0}, {@code file}, {@code backing}).
 *
 * <p>Read it with {@link #read(QmpClient)} (two queries: {@code x-debug-query-block-graph} for the
 * edges and their names, {@code query-named-block-nodes} for drivers and files), then compare it
 * with the model ({@link #verifySecondary}, {@link #verifyPrimary}) or find the real name of the
 * quorum's replication child ({@link #childName}) before removing it.
 *
 * <pre>{@code
 * LiveBlockGraph live = LiveBlockGraph.read(primaryQmp);
 * live.childName("colo-disk0", "replication0");   // Optional[children.1]
 * }</pre>
 *
 * <p>Immutable. {@code x-debug-query-block-graph} is an unstable (x-) command, but it is the only
 * one that names edges; QEMU 7.2 has it.
 */
public final class LiveBlockGraph {

    /**
     * One node of the graph.
     *
     * @param id QEMU's id for it in this snapshot only
     * @param name the backend name ({@code colo-disk0}) or the node name ({@code replication0},
     *     {@code #block123} when QEMU named it)
     * @param type {@code block-backend}, {@code block-driver}, {@code block-job} or another parent kind
     * @param driver the block driver ({@code quorum}, {@code qcow2}, {@code file}, ...); null for
     *     anything that is not a driver node
     * @param filename what query-named-block-nodes reports as {@code file}; for {@code file} nodes the
     *     path; null if unknown
     */
    public record Node(long id, String name, String type, String driver, String filename) {

        /** e.g. {@code colo-disk0(block-backend)} or {@code #block123(qcow2 /x/active.qcow2)}. */
        @Override
        public String toString() {
            if (driver == null) {
                return name + "(" + type + ")";
            }
            return name + "(" + driver + ("file".equals(driver) && filename != null ? " " + filename : "") + ")";
        }
    }

    /**
     * A named edge: {@code parent --name--> child}.
     *
     * @param parent the parent node
     * @param name the child's role in the parent, e.g. {@code children.1}, {@code file}, {@code backing}
     * @param child the child node
     */
    public record Edge(Node parent, String name, Node child) {

        @Override
        public String toString() {
            return parent.name() + " --" + name + "--> " + child.name();
        }
    }

    private final Map<Long, Node> nodes;
    private final List<Edge> edges;

    private LiveBlockGraph(Map<Long, Node> nodes, List<Edge> edges) {
        this.nodes = nodes;
        this.edges = edges;
    }

    /**
     * The graph from the replies of {@code x-debug-query-block-graph} and
     * {@code query-named-block-nodes} (flat or not).
     */
    public static LiveBlockGraph of(XDbgBlockGraph graph, List<BlockDeviceInfo> namedNodes) {
        Map<String, BlockDeviceInfo> byName = new HashMap<>();
        for (BlockDeviceInfo info : namedNodes) {
            if (info.nodeName() != null) {
                byName.putIfAbsent(info.nodeName(), info);
            }
        }
        Map<Long, Node> nodes = new LinkedHashMap<>();
        for (XDbgBlockGraphNode n : graph.nodes()) {
            BlockDeviceInfo info = "block-driver".equals(n.type()) ? byName.get(n.name()) : null;
            nodes.put(n.id(), new Node(n.id(), n.name(), n.type(), info == null ? null : info.drv(),
                    info == null ? null : info.file()));
        }
        List<Edge> edges = new ArrayList<>();
        for (XDbgBlockGraphEdge e : graph.edges()) {
            Node parent = nodes.get(e.parent());
            Node child = nodes.get(e.child());
            if (parent != null && child != null) {
                edges.add(new Edge(parent, e.name(), child));
            }
        }
        return new LiveBlockGraph(nodes, List.copyOf(edges));
    }

    /** Queries {@code qmp} ({@code x-debug-query-block-graph}, {@code query-named-block-nodes}). */
    public static LiveBlockGraph read(QmpClient qmp) {
        XDbgBlockGraph graph = qmp.execute(new XDebugQueryBlockGraph());
        List<BlockDeviceInfo> named = qmp.execute(QueryNamedBlockNodes.flatList());
        return of(graph, named);
    }

    /**
     * {@link #read(QmpClient)} with a deadline for each of its two queries.
     *
     * @throws org.colo4j.qmp.QmpTimeoutException if QEMU does not answer in time (its main loop may be stuck)
     */
    public static LiveBlockGraph read(QmpClient qmp, java.time.Duration timeout) {
        java.util.concurrent.CompletableFuture<XDbgBlockGraph> graph = qmp.executeAsync(new XDebugQueryBlockGraph(), timeout);
        java.util.concurrent.CompletableFuture<List<BlockDeviceInfo>> named = qmp.executeAsync(QueryNamedBlockNodes.flatList(), timeout);
        return of(qmp.await(graph, timeout), qmp.await(named, timeout));
    }

    /** Every node, in QEMU's order. */
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Every edge, in QEMU's order. */
    public List<Edge> edges() {
        return edges;
    }

    /** The node called {@code name} (backend or node name), if any. */
    public Optional<Node> node(String name) {
        return nodes.values().stream().filter(n -> name.equals(n.name())).findFirst();
    }

    /** Whether a backend or node is called {@code name}: a new node must not take it. */
    public boolean isNameUsed(String name) {
        return node(name).isPresent();
    }

    /**
     * The driver node called {@code name}, or the node at the root of the backend called
     * {@code name}: what QEMU's own lookup by device or node name finds.
     */
    public Optional<Node> driverNode(String name) {
        Optional<Node> n = node(name);
        if (n.isPresent() && "block-backend".equals(n.get().type())) {
            return child(n.get(), "root");
        }
        return n;
    }

    /** The edges leaving {@code parent}, in QEMU's order. */
    public List<Edge> children(Node parent) {
        return edges.stream().filter(e -> e.parent().id() == parent.id()).toList();
    }

    /** The child of {@code parent} in role {@code edgeName}, if any. */
    public Optional<Node> child(Node parent, String edgeName) {
        return children(parent).stream().filter(e -> e.name().equals(edgeName)).map(Edge::child).findFirst();
    }

    /**
     * The name under which {@code parentName} (a backend such as {@code colo-disk0}, or a node)
     * holds the node {@code childNodeName}, e.g. {@code children.1}: what {@code x-blockdev-change}
     * needs to remove it. Empty if it is not attached there.
     */
    public Optional<String> childName(String parentName, String childNodeName) {
        Optional<Node> parent = driverNode(parentName);
        Optional<Node> child = node(childNodeName);
        if (parent.isEmpty() || child.isEmpty()) {
            return Optional.empty();
        }
        return children(parent.get()).stream().filter(e -> e.child().id() == child.get().id()).map(Edge::name)
                .findFirst();
    }

    /**
     * Checks that the primary can take every disk's replication node: no node or drive of the
     * primary QEMU already has its name (QEMU would refuse the {@code blockdev-add} with
     * "Duplicate nodes with node-name='replication0'" or "node-name=... is conflicting with a device id").
     *
     * @param replication the pair; only the primary disks are looked at
     * @return one problem per name in use, fields as in {@link BlockReplication}; empty if all are free
     */
    public List<Problem> checkReplicationNamesFree(BlockReplication replication) {
        Problems p = new Problems();
        List<PrimaryDisk> disks = replication.primaryDisks();
        for (int i = 0; i < disks.size(); i++) {
            String name = disks.get(i).replicationNodeName();
            Optional<Node> used = node(name);
            if (used.isPresent()) {
                p.add("disks[" + i + "].primary.replicationNodeName", "'" + name + "' is already used in the primary QEMU by "
                        + used.get() + (childName(disks.get(i).quorumId(), name).isPresent()
                                ? ", attached to " + disks.get(i).quorumId() + ": a replication child is still there;"
                                        + " run BlockPlans.primaryFailoverTeardown first"
                                : "; remove that node or choose another replicationNodeName"));
            }
        }
        return p.list();
    }

    /**
     * Compares the secondary's graph with {@code disk}: quorum backend, its {@code children.0} the
     * replication node (the root of the replication backend), whose {@code file} is the active disk
     * (driver and file), whose {@code backing} is the hidden disk, whose {@code backing} is the
     * parent (the root of the parent backend).
     *
     * @return what differs, fields named as in {@link SecondaryDisk}; empty if QEMU built the model's graph
     */
    public List<Problem> verifySecondary(SecondaryDisk disk) {
        Problems p = new Problems();
        Optional<Node> quorum = expectBackend(p, "quorumId", disk.quorumId(), "quorum");
        Optional<Node> replication = expectBackend(p, "replicationId", disk.replicationId(), "replication");
        Optional<Node> parent = expectBackend(p, "parentId", disk.parentId(), disk.parentImage().format().qemuName());
        if (quorum.isPresent() && replication.isPresent()) {
            Optional<Node> c0 = child(quorum.get(), "children.0");
            if (c0.isEmpty() || c0.get().id() != replication.get().id()) {
                p.add("quorumId", "the quorum's children.0 is " + c0.map(Node::toString).orElse("missing")
                        + ", expected the replication node " + replication.get());
            }
        }
        if (replication.isPresent()) {
            Optional<Node> active = expectChild(p, "activeImage", replication.get(), "file", disk.activeImage());
            Optional<Node> hidden = active.flatMap(a -> expectChild(p, "hiddenImage", a, "backing", disk.hiddenImage()));
            if (hidden.isPresent() && parent.isPresent()) {
                Optional<Node> b = child(hidden.get(), "backing");
                if (b.isEmpty() || b.get().id() != parent.get().id()) {
                    p.add("parentId", "the hidden disk's backing is " + b.map(Node::toString).orElse("missing")
                            + ", expected the parent " + disk.parentId() + " " + parent.get());
                }
            }
        }
        if (parent.isPresent()) {
            expectFile(p, "parentImage", parent.get(), disk.parentImage());
        }
        return p.list();
    }

    /**
     * Compares the primary's graph with {@code disk}: quorum backend whose {@code children.0} is
     * the primary image; and either the replication node attached to the quorum with an NBD client
     * as its {@code file} ({@code withReplicationChild}), or no node of that name at all.
     *
     * @return what differs, fields named as in {@link PrimaryDisk}; empty if QEMU built the model's graph
     */
    public List<Problem> verifyPrimary(PrimaryDisk disk, boolean withReplicationChild) {
        Problems p = new Problems();
        Optional<Node> quorum = expectBackend(p, "quorumId", disk.quorumId(), "quorum");
        quorum.ifPresent(q -> expectChild(p, "image", q, "children.0", disk.image()));
        Optional<Node> replication = node(disk.replicationNodeName());
        if (!withReplicationChild) {
            replication.ifPresent(r -> p.add("replicationNodeName", "node '" + disk.replicationNodeName()
                    + "' exists (" + r + ") but no replication child was expected"));
            return p.list();
        }
        if (replication.isEmpty() || !"replication".equals(replication.get().driver())) {
            p.add("replicationNodeName", "expected a replication node '" + disk.replicationNodeName() + "', found "
                    + replication.map(Node::toString).orElse("none"));
            return p.list();
        }
        if (quorum.isPresent() && childName(disk.quorumId(), disk.replicationNodeName()).isEmpty()) {
            p.add("replicationNodeName", "'" + disk.replicationNodeName() + "' is not a child of the quorum "
                    + disk.quorumId());
        }
        Optional<Node> nbd = child(replication.get(), "file");
        if (nbd.isEmpty() || !"nbd".equals(nbd.get().driver())) {
            p.add("exportName", "the replication node's file is " + nbd.map(Node::toString).orElse("missing")
                    + ", expected an NBD client");
        }
        return p.list();
    }

    private Optional<Node> expectBackend(Problems p, String field, String name, String driver) {
        Optional<Node> backend = node(name).filter(n -> "block-backend".equals(n.type()));
        if (backend.isEmpty()) {
            p.add(field, "QEMU has no drive '" + name + "'");
            return Optional.empty();
        }
        Optional<Node> root = child(backend.get(), "root");
        if (root.isEmpty()) {
            p.add(field, "drive '" + name + "' has no medium");
            return Optional.empty();
        }
        if (!driver.equals(root.get().driver())) {
            p.add(field, "drive '" + name + "' is " + root.get() + ", expected driver " + driver);
        }
        return root;
    }

    private Optional<Node> expectChild(Problems p, String field, Node parent, String edge, DiskImage image) {
        Optional<Node> child = child(parent, edge);
        if (child.isEmpty()) {
            p.add(field, parent + " has no '" + edge + "' child, expected " + image);
            return Optional.empty();
        }
        if (!image.format().qemuName().equals(child.get().driver())) {
            p.add(field, parent + "'s " + edge + " is " + child.get() + ", expected driver " + image.format().qemuName());
        }
        expectFile(p, field, child.get(), image);
        return child;
    }

    private void expectFile(Problems p, String field, Node formatNode, DiskImage image) {
        Optional<Node> file = child(formatNode, "file");
        if (file.isEmpty() || file.get().filename() == null) {
            p.add(field, formatNode + " has no file child, expected " + image.path());
            return;
        }
        if (!samePath(file.get().filename(), image.path())) {
            p.add(field, formatNode + " reads " + file.get().filename() + ", expected " + image.path());
        }
    }

    private static boolean samePath(String reported, Path expected) {
        if (reported.equals(expected.toString())) {
            return true;
        }
        try {
            return Path.of(reported).toAbsolutePath().normalize().equals(expected.toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiveBlockGraph g && nodes.equals(g.nodes) && edges.equals(g.edges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodes, edges);
    }

    /** The graph as a tree from each block backend, one node per line. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("LiveBlockGraph[");
        for (Node n : nodes.values()) {
            if ("block-backend".equals(n.type())) {
                b.append("\n  ").append(n.name());
                child(n, "root").ifPresent(r -> tree(b, r, "root", 2, 0));
            }
        }
        return b.append("\n]").toString();
    }

    private void tree(StringBuilder b, Node n, String edge, int indent, int depth) {
        b.append("\n").append("  ".repeat(indent)).append(edge).append(": ").append(n);
        if (depth > 16) {
            return;
        }
        for (Edge e : children(n)) {
            tree(b, e.child(), e.name(), indent + 1, depth + 1);
        }
    }
}
