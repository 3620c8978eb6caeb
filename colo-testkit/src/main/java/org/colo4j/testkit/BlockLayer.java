package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block layer of a fake QEMU: driver nodes with named edges ({@code root}, {@code children.N},
 * {@code file}, {@code backing}), block backends (drive ids), the NBD server and its exports, with
 * QEMU 7.2's error messages. Nodes made by {@code -drive} get generated names ({@code #block123})
 * as in QEMU, so {@code block-export-add} needs the node name from {@code query-block}.
 * Guarded by the COLO model's lock.
 */
final class BlockLayer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A driver node. */
    static final class Node {
        final String name;
        final String driver;
        final String filename;
        final long size;
        final boolean monitorOwned;
        final LinkedHashMap<String, Node> children = new LinkedHashMap<>();
        int parents;
        int nextChildIndex;

        Node(String name, String driver, String filename, long size, boolean monitorOwned) {
            this.name = name;
            this.driver = driver;
            this.filename = filename;
            this.size = size;
            this.monitorOwned = monitorOwned;
        }
    }

    /** An NBD export. */
    record Export(String id, String nodeName, String name, boolean writable) {}

    private final LinkedHashMap<String, Node> nodes = new LinkedHashMap<>();
    private final LinkedHashMap<String, Node> backends = new LinkedHashMap<>();
    private final Map<String, String> qdevs = new LinkedHashMap<>();
    private final LinkedHashMap<String, Export> exports = new LinkedHashMap<>();
    private String nbdHost;
    private String nbdPort;
    private int generated;

    // ------------------------------------------------------------------ construction (the -drive argv)

    /** COLO-FT.txt's primary drive: {@code -drive if=ide,id=ID,driver=quorum,...,children.0.file.filename=IMG,children.0.driver=FORMAT}. */
    void addPrimaryDisk(FakeDisk disk, SpecNode.Images images, int index) {
        Node file = add(generatedName(), "file", images.primary(), disk.size(), false);
        Node format = add(generatedName(), images.primaryFormat(), images.primary(), disk.size(), false);
        link(format, "file", file);
        Node quorum = add(generatedName(), "quorum", quorumFilename(format), disk.size(), false);
        link(quorum, "children.0", format);
        quorum.nextChildIndex = 1;
        backend(disk.id(), quorum, "/machine/unattached/device[" + (24 + index) + "]");
    }

    /** COLO-FT.txt's secondary drives: parent, replication (active over hidden over parent), quorum. */
    void addSecondaryDisk(FakeDisk disk, SpecNode.Images images, int index) {
        String parentImage = images.parent();
        String activeImage = images.active();
        String hiddenImage = images.hidden();
        Node parentFile = add(generatedName(), "file", parentImage, disk.size(), false);
        Node parent = add(generatedName(), images.parentFormat(), parentImage, disk.size(), false);
        link(parent, "file", parentFile);
        backend(disk.parentId(), parent, null);
        Node hiddenFile = add(generatedName(), "file", hiddenImage, disk.size(), false);
        Node hidden = add(generatedName(), "qcow2", hiddenImage, disk.size(), false);
        link(hidden, "file", hiddenFile);
        link(hidden, "backing", parent);
        Node activeFile = add(generatedName(), "file", activeImage, disk.size(), false);
        Node active = add(generatedName(), "qcow2", activeImage, disk.size(), false);
        link(active, "file", activeFile);
        link(active, "backing", hidden);
        Node replication = add(generatedName(), "replication", activeImage, disk.size(), false);
        link(replication, "file", active);
        backend(disk.replicationId(), replication, null);
        Node quorum = add(generatedName(), "quorum", quorumFilename(replication), disk.size(), false);
        link(quorum, "children.0", replication);
        quorum.nextChildIndex = 1;
        backend(disk.id(), quorum, "/machine/unattached/device[" + (24 + index) + "]");
    }

    private static String quorumFilename(Node child) {
        return "json:{\"read-pattern\": \"fifo\", \"children\": [{\"driver\": \"" + child.driver + "\", \"file\": {\"driver\":"
                + " \"file\", \"filename\": \"" + child.filename + "\"}}], \"driver\": \"quorum\", \"vote-threshold\": \"1\"}";
    }

    private Node add(String name, String driver, String filename, long size, boolean monitorOwned) {
        Node n = new Node(name, driver, filename, size, monitorOwned);
        nodes.put(name, n);
        return n;
    }

    private void backend(String id, Node root, String qdev) {
        backends.put(id, root);
        root.parents++;
        qdevs.put(id, qdev);
    }

    private static void link(Node parent, String edge, Node child) {
        parent.children.put(edge, child);
        child.parents++;
    }

    private String generatedName() {
        generated++;
        return String.format("#block%d%02d", generated, (generated * 37) % 100);
    }

    // ------------------------------------------------------------------ lookups

    /** The node called {@code name}, or the root node of the drive called {@code name}; null if neither. */
    Node deviceOrNode(String name) {
        Node root = backends.get(name);
        return root != null ? root : nodes.get(name);
    }

    /** The driver node called {@code name}; null if none. */
    Node node(String name) {
        return nodes.get(name);
    }

    /** Whether a drive (block backend) is called {@code name}. */
    boolean hasBackend(String name) {
        return backends.containsKey(name);
    }

    /** The node names, in creation order. */
    List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    /** Child edge name → child node name of {@code parent} (a drive id or node name); empty if unknown. */
    Map<String, String> children(String parent) {
        Node p = deviceOrNode(parent);
        Map<String, String> out = new LinkedHashMap<>();
        if (p != null) {
            p.children.forEach((edge, child) -> out.put(edge, child.name));
        }
        return out;
    }

    // ------------------------------------------------------------------ blockdev-add / -del / x-blockdev-change

    /**
     * {@code blockdev-add}. {@code nbdCheck} validates an NBD client's server and export (null:
     * accepted without a check).
     */
    void blockdevAdd(ObjectNode options, NbdCheck nbdCheck) {
        String driver = ArgCheck.string(options, "driver");
        if (!options.has("node-name")) {
            throw QmpError.generic("'node-name' must be specified for the root node");
        }
        String name = ArgCheck.string(options, "node-name");
        checkNewNodeName(name);
        if (driver.equals("replication")) {
            String mode = ArgCheck.string(options, "mode");
            if (!mode.equals("primary") && !mode.equals("secondary")) {
                throw QmpError.generic("Parameter 'mode' does not accept value '" + mode + "'");
            }
        }
        Node child = null;
        JsonNode file = options.get("file");
        if (file != null && file.isTextual()) {
            child = nodes.get(file.asText());
            if (child == null) {
                throw QmpError.generic("Cannot find device='' nor node-name='" + file.asText() + "'");
            }
        } else if (file != null && file.isObject()) {
            String childDriver = ArgCheck.string(file, "driver");
            String filename = childFilename(file);
            if (childDriver.equals("nbd") && nbdCheck != null) {
                JsonNode server = file.has("server") ? file.get("server") : file;
                nbdCheck.check(server.path("host").asText(""), server.path("port").asText(""), file.path("export").asText(""));
            }
            child = add(generatedName(), childDriver, filename, sizeOf(file), false);
        } else if (driver.equals("replication")) {
            throw QmpError.generic("Parameter 'file' is missing");
        }
        long size = child == null ? FakeDisk.DEFAULT_SIZE : child.size;
        Node node = add(name, driver, child == null ? "json:{\"driver\": \"" + driver + "\"}" : child.filename, size, true);
        if (child != null) {
            link(node, "file", child);
        }
    }

    private long sizeOf(JsonNode file) {
        return file.path("size").canConvertToLong() ? file.path("size").asLong() : FakeDisk.DEFAULT_SIZE;
    }

    private static String childFilename(JsonNode file) {
        if (file.has("filename")) {
            return file.get("filename").asText();
        }
        if ("nbd".equals(file.path("driver").asText())) {
            JsonNode server = file.has("server") ? file.get("server") : file;
            return "nbd://" + server.path("host").asText() + ":" + server.path("port").asText() + "/"
                    + file.path("export").asText();
        }
        return "json:" + QmpWire.render(file);
    }

    /** The checks QEMU makes on a new node name. */
    void checkNewNodeName(String name) {
        if (!name.matches("[A-Za-z][A-Za-z0-9._-]*") || name.length() > 31) {
            throw QmpError.generic("Invalid node-name: '" + name + "'");
        }
        if (backends.containsKey(name)) {
            throw QmpError.generic("node-name=" + name + " is conflicting with a device id");
        }
        if (nodes.containsKey(name)) {
            throw QmpError.generic("Duplicate nodes with node-name='" + name + "'");
        }
    }

    /** {@code blockdev-del}. */
    void blockdevDel(String name) {
        Node n = nodes.get(name);
        if (n == null) {
            throw QmpError.generic("Failed to find node with node-name='" + name + "'");
        }
        if (!n.monitorOwned) {
            throw QmpError.generic("Node " + name + " is not owned by the monitor");
        }
        if (n.parents > 0) {
            throw QmpError.generic("Block device " + name + " is in use");
        }
        remove(n);
    }

    private void remove(Node n) {
        nodes.remove(n.name);
        for (Node child : n.children.values()) {
            child.parents--;
            if (child.parents == 0 && child.name.startsWith("#block")) {
                remove(child);
            }
        }
        n.children.clear();
    }

    /** {@code x-blockdev-change}. */
    void xBlockdevChange(String parentName, String childName, String nodeName) {
        if (childName != null && nodeName != null) {
            throw QmpError.generic("The parameters child and node are in conflict");
        }
        if (childName == null && nodeName == null) {
            throw QmpError.generic("Either child or node must be specified");
        }
        Node parent = deviceOrNode(parentName);
        if (parent == null) {
            throw QmpError.generic("Cannot find device='" + parentName + "' nor node-name='" + parentName + "'");
        }
        String shown = backends.get(parentName) == parent ? parentName : parent.name;
        if (nodeName != null) {
            if (!parent.driver.equals("quorum")) {
                throw QmpError.generic("The node " + shown + " does not support adding a child");
            }
            Node node = nodes.get(nodeName);
            if (node == null) {
                throw QmpError.generic("Node '" + nodeName + "' not found");
            }
            if (node.parents > 0) {
                throw QmpError.generic("Node '" + nodeName + "' already has a parent");
            }
            link(parent, "children." + parent.nextChildIndex++, node);
            return;
        }
        if (!parent.driver.equals("quorum")) {
            throw QmpError.generic("The node " + shown + " does not support removing a child");
        }
        Node child = parent.children.get(childName);
        if (child == null) {
            throw QmpError.generic("Node '" + shown + "' does not have child '" + childName + "'");
        }
        if (parent.children.size() <= 1) {
            throw QmpError.generic("The number of children cannot be lower than the vote threshold 1");
        }
        parent.children.remove(childName);
        child.parents--;
        if (childName.equals("children." + (parent.nextChildIndex - 1))) {
            parent.nextChildIndex--;
        }
    }

    /** Whether {@code quorum}'s root has a child over NBD (the primary's replication child is attached). */
    boolean hasReplicationChild(String quorum) {
        Node q = deviceOrNode(quorum);
        return q != null && q.children.values().stream().anyMatch(c -> c.driver.equals("replication"));
    }

    /** The node name of the replication child of {@code quorum}, or null. */
    String replicationChild(String quorum) {
        Node q = deviceOrNode(quorum);
        if (q == null) {
            return null;
        }
        return q.children.values().stream().filter(c -> c.driver.equals("replication")).map(c -> c.name).findFirst()
                .orElse(null);
    }

    /** HMP {@code drive_del ID}: a drive is detached and forgotten; a node is deleted like {@code blockdev-del}. */
    void driveDel(String id) {
        Node root = backends.remove(id);
        if (root != null) {
            qdevs.remove(id);
            root.parents--;
            return;
        }
        if (!nodes.containsKey(id)) {
            throw QmpError.generic("Device '" + id + "' not found");
        }
        blockdevDel(id);
    }

    // ------------------------------------------------------------------ NBD

    /** Callback that validates an NBD client connection, throwing QEMU's error. */
    @FunctionalInterface
    interface NbdCheck {
        void check(String host, String port, String export);
    }

    boolean nbdRunning() {
        return nbdHost != null;
    }

    void nbdServerStart(String host, String port) {
        if (nbdRunning()) {
            throw QmpError.generic("NBD server already running");
        }
        nbdHost = host;
        nbdPort = port;
    }

    /** Stops the server; returns the ids of the exports it deleted. */
    List<String> nbdServerStop() {
        if (!nbdRunning()) {
            throw QmpError.generic("NBD server not running");
        }
        nbdHost = null;
        nbdPort = null;
        List<String> ids = new ArrayList<>(exports.keySet());
        exports.clear();
        return ids;
    }

    /** {@code block-export-add} of type nbd. */
    void blockExportAdd(String id, String nodeName, String name, boolean writable) {
        if (exports.containsKey(id)) {
            throw QmpError.generic("Block export id '" + id + "' is already in use");
        }
        if (!nodes.containsKey(nodeName)) {
            throw QmpError.generic("Cannot find device='' nor node-name='" + nodeName + "'");
        }
        addExport(id, nodeName, name, writable);
    }

    /** {@code nbd-server-add}: like block-export-add, but finds drives by id too and names the export after it. */
    void nbdServerAdd(String device, String name, boolean writable) {
        Node n = deviceOrNode(device);
        if (n == null) {
            throw QmpError.generic("Cannot find device='" + device + "' nor node-name='" + device + "'");
        }
        if (exports.containsKey(device)) {
            throw QmpError.generic("Block export id '" + device + "' is already in use");
        }
        addExport(device, n.name, name, writable);
    }

    /** The checks of QEMU's blk_exp_add after the id and node lookups, in its order. */
    private void addExport(String id, String nodeName, String name, boolean writable) {
        if (writable) {
            for (Map.Entry<String, Node> b : backends.entrySet()) {
                if (b.getValue().name.equals(nodeName) && qdevs.get(b.getKey()) != null) {
                    throw QmpError.generic("Permission conflict on node '" + nodeName + "': permissions 'write' are both"
                            + " required by an unnamed block device (uses node '" + nodeName + "' as 'root' child) and"
                            + " unshared by block device '" + b.getKey() + "' (uses node '" + nodeName + "' as 'root' child).");
                }
            }
        }
        if (!nbdRunning()) {
            throw QmpError.generic("NBD server not running");
        }
        String exportName = name == null ? nodeName : name;
        if (exports.values().stream().anyMatch(e -> e.name().equals(exportName))) {
            throw QmpError.generic("NBD server already has export named '" + exportName + "'");
        }
        exports.put(id, new Export(id, nodeName, exportName, writable));
    }

    /** {@code block-export-del}. */
    void blockExportDel(String id) {
        if (exports.remove(id) == null) {
            throw QmpError.generic("Export '" + id + "' is not found");
        }
    }

    /** Null if an NBD client for {@code host:port/export} would connect, else QEMU's error text. */
    String nbdConnectError(String host, String port, String export) {
        boolean reachable = nbdRunning() && nbdPort.equals(port)
                && (nbdHost.equals("0.0.0.0") || nbdHost.equals("::") || nbdHost.equals(host));
        if (!reachable) {
            return "Failed to connect to '" + host + ":" + port + "': Connection refused";
        }
        if (exports.values().stream().noneMatch(e -> e.name().equals(export))) {
            return "Requested export not available";
        }
        return null;
    }

    /** The node exported under the NBD export name {@code name}; null if none. */
    String exportedNode(String name) {
        return exports.values().stream().filter(e -> e.name().equals(name)).map(Export::nodeName).findFirst().orElse(null);
    }

    List<String> exportIds() {
        return List.copyOf(exports.keySet());
    }

    // ------------------------------------------------------------------ queries

    /** {@code query-named-block-nodes}: every driver node, as QEMU 7.2 describes it. */
    ArrayNode queryNamedBlockNodes() {
        ArrayNode out = JSON.arrayNode();
        nodes.values().forEach(n -> out.add(nodeInfo(n)));
        return out;
    }

    /** {@code query-block}: one entry per drive. */
    ArrayNode queryBlock() {
        ArrayNode out = JSON.arrayNode();
        backends.forEach((id, root) -> {
            ObjectNode b = JSON.objectNode();
            b.put("io-status", "ok");
            b.put("device", id);
            b.put("locked", false);
            b.put("removable", qdevs.get(id) == null);
            b.set("inserted", nodeInfo(root));
            if (qdevs.get(id) != null) {
                b.put("qdev", qdevs.get(id));
            }
            b.put("type", "unknown");
            out.add(b);
        });
        return out;
    }

    /** {@code x-debug-query-block-graph}: drives and nodes as vertices, named edges. */
    ObjectNode queryBlockGraph() {
        Map<Object, Integer> ids = new IdentityHashMap<>();
        ArrayNode vertices = JSON.arrayNode();
        ArrayNode edges = JSON.arrayNode();
        int next = 1;
        for (Map.Entry<String, Node> b : backends.entrySet()) {
            ids.put(b.getKey(), next);
            vertices.add(vertex(next++, "block-backend", b.getKey()));
        }
        for (Node n : nodes.values()) {
            ids.put(n, next);
            vertices.add(vertex(next++, "block-driver", n.name));
        }
        for (Map.Entry<String, Node> b : backends.entrySet()) {
            edges.add(edge(ids.get(b.getKey()), ids.get(b.getValue()), "root"));
        }
        for (Node n : nodes.values()) {
            n.children.forEach((name, child) -> edges.add(edge(ids.get(n), ids.get(child), name)));
        }
        ObjectNode graph = JSON.objectNode();
        graph.set("nodes", vertices);
        graph.set("edges", edges);
        return graph;
    }

    private static ObjectNode vertex(int id, String type, String name) {
        ObjectNode v = JSON.objectNode();
        v.put("name", name);
        v.put("type", type);
        v.put("id", id);
        return v;
    }

    private static ObjectNode edge(int parent, int child, String name) {
        ObjectNode e = JSON.objectNode();
        e.put("name", name);
        e.put("parent", parent);
        ArrayNode shared = e.putArray("shared-perm");
        shared.add("write-unchanged").add("consistent-read");
        ArrayNode perm = e.putArray("perm");
        perm.add("write").add("consistent-read");
        e.put("child", child);
        return e;
    }

    private static ObjectNode nodeInfo(Node n) {
        ObjectNode info = JSON.objectNode();
        info.put("iops_rd", 0);
        info.put("detect_zeroes", "off");
        ObjectNode image = info.putObject("image");
        image.put("virtual-size", n.size);
        image.put("filename", n.filename);
        image.put("format", n.driver);
        image.put("actual-size", 0);
        info.put("iops_wr", 0);
        info.put("ro", false);
        info.put("node-name", n.name);
        Node backing = n.children.get("backing");
        info.put("backing_file_depth", backing == null ? 0 : 1);
        info.put("drv", n.driver);
        info.put("iops", 0);
        info.put("bps_wr", 0);
        info.put("write_threshold", 0);
        if (backing != null) {
            info.put("backing_file", backing.filename);
        }
        info.put("encrypted", false);
        info.put("bps", 0);
        info.put("bps_rd", 0);
        ObjectNode cache = info.putObject("cache");
        cache.put("no-flush", false);
        cache.put("direct", false);
        cache.put("writeback", true);
        info.put("file", n.filename);
        return info;
    }
}
