package org.colo4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.colo4j.blockgraph.LiveBlockGraph;
import org.colo4j.netfilter.NodeProxy;
import org.colo4j.netfilter.SocketChardev;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.QmpSchema;
import org.colo4j.qmp.command.BlockDeviceInfo;
import org.colo4j.qmp.command.ChardevInfo;
import org.colo4j.qmp.command.MigrationInfo;
import org.colo4j.qmp.command.QueryChardev;
import org.colo4j.qmp.command.QueryMigrate;
import org.colo4j.qmp.command.QueryNamedBlockNodes;
import org.colo4j.qmp.command.QomGet;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.StatusInfo;

/**
 * The checks of {@link ColoPair#preflight()}: read-only queries of both nodes that find, before
 * anything changes, what would make the start fail. A node that cannot be reached is one failed
 * check, not an exception.
 */
final class Preflight {

    private final ColoPairSpec spec;
    private final PairConnections connections;
    private final Duration chardevConnect;

    Preflight(PairConnections connections, Duration chardevConnect) {
        this.spec = connections.spec();
        this.connections = connections;
        this.chardevConnect = chardevConnect;
    }

    PreflightReport run() {
        List<PreflightReport.Check> checks = new ArrayList<>();
        for (Role role : Role.values()) {
            if (!connections.isOpen(role)) {
                checks.add(new PreflightReport.Check(role, "QMP connection", false, unreachable(role)));
                continue;
            }
            QmpClient qmp = connections.client(role);
            try {
                checkNode(role, qmp, checks);
            } catch (QmpException e) {
                checks.add(new PreflightReport.Check(role, "QMP connection", false, "stopped answering during preflight: "
                        + e.getMessage()));
            }
        }
        if (connections.isOpen(Role.PRIMARY) && connections.isOpen(Role.SECONDARY)) {
            try {
                checkSizes(checks);
            } catch (QmpException e) {
                checks.add(new PreflightReport.Check(null, "disk sizes", false, "cannot read the live block graph"
                        + " (query-named-block-nodes, x-debug-query-block-graph): " + e.getMessage()));
            }
            try {
                checkChardevs(checks);
            } catch (QmpException e) {
                checks.add(new PreflightReport.Check(null, "proxy chardevs", false, "cannot list chardevs (query-chardev): "
                        + e.getMessage()));
            }
        }
        return new PreflightReport(checks);
    }

    private String unreachable(Role role) {
        QmpException cause = connections.connectFailure(role);
        return "unreachable: " + (cause != null ? "could not connect to " + spec.node(role).qmpConnect() + " (" + cause.getMessage() + ")"
                : "the QMP connection to " + spec.node(role).qmpConnect() + " has closed") + ": is QEMU running?";
    }

    private void checkNode(Role role, QmpClient qmp, List<PreflightReport.Check> checks) {
        QemuVersion v = qmp.greeting().version();
        checks.add(KnownQemuIssues.coloBroken(v)
                .map(why -> new PreflightReport.Check(role, "QEMU version", false, why))
                .orElse(new PreflightReport.Check(role, "QEMU version", true, v.toString())));
        checks.add(PreflightVersion.check(spec, role, v));
        try {
            checkSchema(role, qmp.schema(), checks);
        } catch (QmpException e) {
            checks.add(new PreflightReport.Check(role, "COLO support", false, "cannot read the QMP schema"
                    + " (query-qmp-schema, QEMU 2.5 and later): " + e.getMessage()));
        }
        checkRunState(role, qmp.execute(new QueryStatus()), checks);
        if (spec.tls() != null) {
            checks.add(tlsCheck(role, qmp));
        }
        if (role == Role.SECONDARY) {
            checks.add(incomingCheck(qmp.execute(new QueryMigrate()), "spec.secondaryArgv()"));
        }
    }

    private static void checkSchema(Role role, QmpSchema schema, List<PreflightReport.Check> checks) {
        List<String> missing = new ArrayList<>();
        if (!schema.hasMigrationCapability("x-colo")) {
            missing.add("migration capability x-colo");
        }
        for (String command : List.of("x-colo-lost-heartbeat", "query-colo-status", "x-blockdev-change", "block-export-add")) {
            if (!schema.hasCommand(command)) {
                missing.add("command " + command);
            }
        }
        for (String driver : List.of("replication", "quorum", "nbd")) {
            if (!schema.hasBlockDriver(driver)) {
                missing.add("block driver " + driver);
            }
        }
        for (String type : List.of("colo-compare", "filter-mirror", "filter-redirector", "filter-rewriter", "iothread")) {
            if (!schema.hasObjectType(type)) {
                missing.add("object type " + type);
            }
        }
        checks.add(new PreflightReport.Check(role, "COLO support", missing.isEmpty(), missing.isEmpty()
                ? "x-colo, x-colo-lost-heartbeat, replication, quorum, colo-compare and the filters are there"
                : "this QEMU lacks " + String.join(", ", missing) + " (built without CONFIG_REPLICATION/COLO?)"));
    }

    /**
     * With TLS, both credential objects exist on the node, loaded from the spec's directory for it
     * (so a node started from a spec without TLS, or with another directory, is found before the
     * first {@code tls-creds} step fails).
     */
    private PreflightReport.Check tlsCheck(Role role, QmpClient qmp) {
        String name = spec.node(role).name();
        String dir = spec.tls().dirOf(name).toString();
        List<String> problems = new ArrayList<>();
        for (String id : List.of(ColoTls.SERVER_CREDS_ID, ColoTls.CLIENT_CREDS_ID)) {
            String path = "/objects/" + id;
            try {
                String live = qmp.execute(new QomGet(path, "dir")).asText();
                if (!qmp.execute(new QomGet(path, "loaded")).asBoolean()) {
                    problems.add(id + " is not loaded");
                } else if (!live.equals(dir)) {
                    problems.add(id + " reads " + live + " but the spec says " + dir + " for '" + name + "'");
                }
            } catch (QmpErrorResponseException e) {
                problems.add("no object " + id + " (" + e.description() + ")");
            }
        }
        return new PreflightReport.Check(role, "TLS credentials", problems.isEmpty(), problems.isEmpty()
                ? ColoTls.SERVER_CREDS_ID + " and " + ColoTls.CLIENT_CREDS_ID + " loaded from " + dir
                : String.join("; ", problems) + ": start it with the argv this spec renders for it (it has TLS)");
    }

    private static void checkRunState(Role role, StatusInfo status, List<PreflightReport.Check> checks) {
        boolean ok = role == Role.PRIMARY
                ? status.status() == RunState.PRELAUNCH || status.status() == RunState.PAUSED
                : status.status() == RunState.INMIGRATE;
        String expected = role == Role.PRIMARY && status.status() == RunState.POSTMIGRATE
                ? "paused (started with -S); an earlier start's migration ended here, and QEMU refuses to migrate again"
                        + " from postmigrate (\"Can't migrate the vm that was paused due to previous migration\")"
                : role == Role.PRIMARY ? "paused (started with -S)" : "inmigrate (started with -incoming)";
        checks.add(new PreflightReport.Check(role, "run state", ok, wire(status.status()) + (ok ? ""
                : "; expected " + expected + ": start it with the argv ColoPairSpec renders for it")));
    }

    /**
     * The secondary's incoming migration must not listen yet: colo4j sets x-colo first and then runs
     * {@code migrate-incoming}, which QEMU refuses once it listens ("The incoming migration has
     * already been started"). QEMU reports the listening address in {@code query-migrate} at once.
     */
    static PreflightReport.Check incomingCheck(MigrationInfo migration, String argv) {
        List<org.colo4j.qmp.command.SocketAddress> listening = migration.socketAddress();
        if (listening == null || listening.isEmpty()) {
            return new PreflightReport.Check(Role.SECONDARY, "incoming migration", true, "not listening yet (-incoming defer)");
        }
        return new PreflightReport.Check(Role.SECONDARY, "incoming migration", false, "already listening on "
                + listening.get(0) + ": this QEMU was started with -incoming tcp:... (as in COLO-FT.txt) or has"
                + " run migrate-incoming already; colo4j enables x-colo before the incoming migration starts (QEMU 8"
                + " requires it), so start it with -incoming defer, as " + argv + " renders");
    }

    private void checkSizes(List<PreflightReport.Check> checks) {
        Map<Path, Long> primarySizes = imageSizes(Role.PRIMARY);
        Map<Path, Long> secondarySizes = imageSizes(Role.SECONDARY);
        for (int i = 0; i < spec.disks().size(); i++) {
            ColoDisk d = spec.disks().get(i);
            Map<String, Long> sizes = new java.util.LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            collect(sizes, missing, "primary image", d.primaryImage().path(), primarySizes);
            collect(sizes, missing, "parent", d.secondaryImage().path(), secondarySizes);
            collect(sizes, missing, "hidden disk", d.hiddenImage().path(), secondarySizes);
            collect(sizes, missing, "active disk", d.activeImage().path(), secondarySizes);
            String name = "disk " + i + " sizes";
            if (!missing.isEmpty()) {
                checks.add(new PreflightReport.Check(null, name, false, "QEMU has no open image for " + String.join(", ", missing)
                        + ": was it started with the argv this spec renders?"));
            } else if (sizes.values().stream().distinct().count() > 1) {
                checks.add(new PreflightReport.Check(null, name, false, "virtual sizes differ: " + sizes
                        + "; active, hidden and parent must equal the primary image (QEMU would fail at migrate with"
                        + " \"Active disk, hidden disk, secondary disk's length are not the same\"): recreate them with"
                        + " qemu-img create -f qcow2 <file> " + sizes.values().iterator().next()));
            } else {
                checks.add(new PreflightReport.Check(null, name, true, "all " + sizes.values().iterator().next() + " bytes"));
            }
        }
    }

    private static void collect(Map<String, Long> sizes, List<String> missing, String what, Path path, Map<Path, Long> live) {
        Long size = live.get(path.toAbsolutePath().normalize());
        if (size == null) {
            missing.add(what + " " + path);
        } else {
            sizes.put(what + " " + path, size);
        }
    }

    /** Virtual size per image file: the format node above each {@code file} node, by the file's path. */
    private Map<Path, Long> imageSizes(Role role) {
        QmpClient qmp = connections.client(role);
        List<BlockDeviceInfo> named = qmp.execute(QueryNamedBlockNodes.flatList());
        Map<String, Long> sizeByNode = new HashMap<>();
        for (BlockDeviceInfo node : named) {
            if (node.nodeName() != null && node.image() != null && node.image().virtualSize() != null) {
                sizeByNode.put(node.nodeName(), node.image().virtualSize());
            }
        }
        Map<Path, Long> sizes = new HashMap<>();
        for (LiveBlockGraph.Edge edge : LiveBlockGraph.of(qmp.execute(new org.colo4j.qmp.command.XDebugQueryBlockGraph()), named).edges()) {
            LiveBlockGraph.Node file = edge.child();
            Long size = sizeByNode.get(edge.parent().name());
            if ("file".equals(edge.name()) && "file".equals(file.driver()) && file.filename() != null && size != null
                    && !"file".equals(edge.parent().driver())) {
                sizes.putIfAbsent(Path.of(file.filename()).toAbsolutePath().normalize(), size);
            }
        }
        return sizes;
    }

    private void checkChardevs(List<PreflightReport.Check> checks) {
        long deadline = System.nanoTime() + chardevConnect.toNanos();
        for (Role role : Role.values()) {
            NodeProxy proxy = role == Role.PRIMARY ? spec.proxy().primary() : spec.proxy().secondary();
            List<String> problems;
            while (true) {
                problems = chardevProblems(role, proxy);
                if (problems.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                sleep(100);
            }
            checks.add(new PreflightReport.Check(role, "proxy chardevs", problems.isEmpty(), problems.isEmpty()
                    ? proxy.chardevs().size() + " chardevs on the spec's ports" + (role == Role.PRIMARY ? ", the secondary's connected" : "")
                    : String.join("; ", problems)));
        }
    }

    private List<String> chardevProblems(Role role, NodeProxy proxy) {
        Map<String, String> live = new HashMap<>();
        for (ChardevInfo c : connections.client(role).execute(new QueryChardev())) {
            live.put(c.label(), c.filename());
        }
        List<String> problems = new ArrayList<>();
        for (SocketChardev c : proxy.chardevs()) {
            String filename = live.get(c.id());
            if (filename == null) {
                problems.add("chardev " + c.id() + " is missing");
            } else if (!filename.contains(":" + c.port())) {
                problems.add("chardev " + c.id() + " is " + filename + " but the spec says port " + c.port()
                        + ": the nodes were started from different specs");
            } else if (role == Role.PRIMARY && isCrossHost(c) && filename.startsWith("disconnected")) {
                problems.add("chardev " + c.id() + " (" + filename + ") has no peer: the secondary's proxy has not connected"
                        + " to port " + c.port() + " (is the secondary running, with red0/red1 pointing here?)" + tlsHint());
            }
        }
        return problems;
    }

    /**
     * With TLS on the proxy, a refused handshake also leaves the chardev without a peer, and QEMU 7.2
     * logs nothing about it (char-socket.c drops the handshake's error): say what to check.
     */
    private String tlsHint() {
        return spec.tls() == null || !spec.tls().coversProxy() ? "" : "; the proxy uses TLS, and a handshake either side"
                + " refused looks the same (QEMU logs nothing about it): certificates from another CA, or a primary"
                + " server certificate whose subjectAltName lacks " + spec.primary().address() + "; check each node's"
                + " files with ColoTls.checkFiles(node) on its host, or build the spec with ColoTls.filesOnThisHost(true)"
                + " where both are readable";
    }

    private boolean isCrossHost(SocketChardev c) {
        return c.server() && spec.proxy().secondary().chardevs().stream().anyMatch(s -> s.port() == c.port());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColoException("interrupted during preflight", e);
        }
    }

    static String wire(Enum<?> e) {
        return e == null ? "?" : e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
