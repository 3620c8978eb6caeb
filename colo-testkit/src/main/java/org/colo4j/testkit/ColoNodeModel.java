package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.RunState;

/**
 * The state of one fake QEMU and what each command does to it, after QEMU 7.2.22 as measured on a
 * real COLO pair under KVM, with the answers that differ per release from {@link QemuRelease}. One lock guards every model, so that paired nodes change together.
 */
final class ColoNodeModel {

    /** Guards every node's state; never held while writing to a socket. */
    static final ReentrantLock LOCK = new ReentrantLock();

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The commands the model answers (others get CommandNotFound, like a QEMU without them). */
    static final List<String> COMMANDS = List.of("query-status", "query-colo-status", "query-migrate", "query-version",
            "query-named-block-nodes", "query-block", "x-debug-query-block-graph", "query-chardev", "query-commands",
            "query-migrate-capabilities", "query-block-jobs", "drive-mirror", "block-job-cancel", "stop", "cont", "quit", "migrate", "migrate-incoming",
            "migrate-set-capabilities", "migrate-set-parameters", "nbd-server-start", "nbd-server-stop", "nbd-server-add",
            "block-export-add", "block-export-del", "blockdev-add", "blockdev-del", "x-blockdev-change", "object-add",
            "object-del", "chardev-add", "chardev-remove", "x-colo-lost-heartbeat", "human-monitor-command", "query-qmp-schema",
            "query-yank", "yank");

    enum Failover { NONE, ACTIVE, COMPLETED }

    /** A write on the primary not yet sent to the secondary by a checkpoint. */
    record PendingWrite(String disk, long offset, long length, int value) {}

    final FakeColoNode owner;
    final Role role;
    /** The spec the node was started from, or null for a node built without one. */
    final ColoPairSpec spec;
    final QemuVersion version;
    /** What this node's QEMU release answers differently from others. */
    final QemuRelease release;
    final String packageName;
    final List<FakeDisk> disks;
    final boolean manualFailover;
    final BlockLayer block = new BlockLayer();
    final BlockJobs jobs = new BlockJobs();
    final QomLayer qom = new QomLayer();
    final Map<String, SparseDisk> live = new LinkedHashMap<>();
    final Map<String, SparseDisk> checkpointed = new LinkedHashMap<>();
    final List<PendingWrite> pending = new ArrayList<>();
    final Map<String, Boolean> capabilities = new LinkedHashMap<>();
    final Map<String, JsonNode> parameters = new LinkedHashMap<>();
    final StringBuilder stdout = new StringBuilder();

    RunState runState;
    ColoMode mode = ColoMode.NONE;
    ColoMode lastMode = ColoMode.NONE;
    Failover failover = Failover.NONE;
    boolean exitReported;
    boolean linkBroken;
    boolean peerLeftAlive;
    /** The network between this node and its peer is cut (both alive): no COLO stream, NBD or proxy traffic. */
    boolean linkCut;
    MigrationStatus migration;
    String migrationError;
    boolean outgoing;
    int migrationPass;
    String incoming;
    boolean incomingDeferred;
    boolean incomingStarted;
    int checkpoints;
    boolean alive = true;
    FakeColoNode peer;

    ColoNodeModel(FakeColoNode owner, FakeColoNode.Builder b) {
        this.owner = owner;
        this.role = b.role;
        this.version = b.greeting.version();
        this.release = QemuRelease.of(version);
        this.packageName = b.greeting.packageName();
        this.disks = List.copyOf(b.disks);
        this.manualFailover = b.manualFailover;
        this.spec = b.specNode == null ? null : b.specNode.spec();
        release.migrationCapabilities().forEach(c -> capabilities.put(c, false));
        parameters.put("x-checkpoint-delay", JSON.numberNode(20000));
        if (b.specNode == null) {
            qom.netdev("hn0");
        } else {
            b.specNode.netdevs().forEach(qom::netdev);
        }
        List<SpecNode.Images> images = b.specNode == null ? null : b.specNode.images();
        for (int i = 0; i < disks.size(); i++) {
            FakeDisk d = disks.get(i);
            SpecNode.Images im = images == null ? SpecNode.Images.under(b.imageFolder, i) : images.get(i);
            if (role == Role.PRIMARY) {
                block.addPrimaryDisk(d, im, i);
            } else {
                block.addSecondaryDisk(d, im, i);
            }
            live.put(d.id(), new SparseDisk(d.size()));
            checkpointed.put(d.id(), new SparseDisk(d.size()));
        }
        if (role == Role.PRIMARY) {
            runState = RunState.PRELAUNCH;
        } else {
            runState = RunState.INMIGRATE;
            incoming = b.incoming;
            incomingDeferred = "defer".equals(incoming);
            incomingStarted = !incomingDeferred;
        }
        if (b.specNode != null) {
            b.specNode.chardevs().forEach(qom::putChardev);
            b.specNode.objects().forEach(o -> qom.putObject(o.id(), o.qomType(), o.props()));
        } else if (b.coloFtProxy) {
            ProxyDefaults.install(qom, role, b.primaryHost);
        }
        b.chardevs.forEach(qom::putChardev);
    }

    // ------------------------------------------------------------------ dispatch

    /** Answers one command received over QMP. */
    QmpReply handle(ReceivedCommand cmd) {
        if (cmd.oob() && !Yanks.OUT_OF_BAND.contains(cmd.name())) {
            return QmpReply.genericError("The command " + cmd.name() + " does not support OOB");
        }
        Effects fx = new Effects();
        QmpReply reply;
        LOCK.lock();
        try {
            JsonNode value = dispatch(cmd.name(), cmd.arguments(), fx);
            reply = value == null ? QmpReply.commandNotFound(cmd.name()) : QmpReply.ok(value);
        } catch (QmpError e) {
            reply = e.reply();
            fx.before.clear();
            fx.after.clear();
        } finally {
            LOCK.unlock();
        }
        fx.deliver();
        reply = reply.precededBy(fx.before.toArray(QmpEvent[]::new)).thenEvent(fx.after.toArray(QmpEvent[]::new));
        if (fx.afterReply != null) {
            reply = reply.afterSent(fx.afterReply);
        }
        return reply;
    }

    /** The return value of {@code name}, or null if the model does not have the command. */
    JsonNode dispatch(String name, ObjectNode args, Effects fx) {
        ObjectNode empty = JSON.objectNode();
        switch (name) {
            case "query-status" -> {
                ArgCheck.only(args);
                return status();
            }
            case "query-colo-status" -> {
                ArgCheck.only(args);
                return coloStatus();
            }
            case "query-migrate" -> {
                ArgCheck.only(args);
                return queryMigrate();
            }
            case "query-version" -> {
                ArgCheck.only(args);
                ObjectNode v = JSON.objectNode();
                ObjectNode q = v.putObject("qemu");
                q.put("micro", version.micro());
                q.put("minor", version.minor());
                q.put("major", version.major());
                v.put("package", packageName);
                return v;
            }
            case "query-named-block-nodes" -> {
                ArgCheck.only(args, "flat");
                return block.queryNamedBlockNodes();
            }
            case "query-block" -> {
                ArgCheck.only(args);
                return block.queryBlock();
            }
            case "x-debug-query-block-graph" -> {
                ArgCheck.only(args);
                return block.queryBlockGraph();
            }
            case "query-chardev" -> {
                ArgCheck.only(args);
                return qom.queryChardev(c -> owner.isChardevConnected(c));
            }
            case "query-qmp-schema" -> {
                ArgCheck.only(args);
                return SchemaResource.forCommands(commands());
            }
            case "query-commands" -> {
                ArgCheck.only(args);
                ArrayNode list = JSON.arrayNode();
                commands().forEach(c -> list.addObject().put("name", c));
                return list;
            }
            case "query-migrate-capabilities" -> {
                ArgCheck.only(args);
                ArrayNode list = JSON.arrayNode();
                capabilities.forEach((c, on) -> list.addObject().put("state", on).put("capability", c));
                return list;
            }
            case "query-block-jobs" -> {
                ArgCheck.only(args);
                return jobs.query();
            }
            case "drive-mirror" -> {
                jobs.driveMirror(this, args, fx);
                return empty;
            }
            case "block-job-cancel" -> {
                jobs.cancel(args, fx);
                return empty;
            }
            case "stop" -> {
                ArgCheck.only(args);
                if (runState == RunState.RUNNING) {
                    runState = RunState.PAUSED;
                    fx.before.add(FakeEvents.of("STOP"));
                }
                return empty;
            }
            case "cont" -> {
                ArgCheck.only(args);
                if (runState != RunState.INMIGRATE && runState != RunState.RUNNING) {
                    runState = RunState.RUNNING;
                    fx.before.add(FakeEvents.of("RESUME"));
                }
                return empty;
            }
            case "quit" -> {
                ArgCheck.only(args);
                fx.before.add(FakeEvents.ofJson("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}"));
                fx.afterReply = owner::kill;
                return empty;
            }
            case "migrate" -> {
                ArgCheck.only(args, release.migrateArguments().toArray(String[]::new));
                Migrations.migrate(this, uri(args, "migrate"), fx);
                return empty;
            }
            case "migrate-incoming" -> {
                boolean channels = release.migrationChannels();
                ArgCheck.only(args, channels ? new String[] {"uri", "channels"} : new String[] {"uri"});
                // Before 8.2, 'uri' is mandatory in the schema, so its absence is found first.
                String uri = channels ? null : uri(args, "migrate-incoming");
                // QEMU 7.2's order and words (the "-incoming defer" check of older QEMUs is gone).
                if (incomingStarted) {
                    throw QmpError.generic("The incoming migration has already been started");
                }
                if (runState != RunState.INMIGRATE) {
                    throw QmpError.generic("'-incoming' was not specified on the command line");
                }
                incoming = uri != null ? uri : uri(args, "migrate-incoming");
                incomingStarted = true;
                return empty;
            }
            case "migrate-set-capabilities" -> {
                ArgCheck.only(args, "capabilities");
                setCapabilities(ArgCheck.array(args, "capabilities"));
                return empty;
            }
            case "migrate-set-parameters" -> {
                setParameters(args);
                return empty;
            }
            case "nbd-server-start" -> {
                ArgCheck.only(args, "addr", "tls-creds", "tls-authz", "max-connections");
                ObjectNode addr = ArgCheck.object(args, "addr");
                String type = ArgCheck.string(addr, "type");
                JsonNode data = ArgCheck.object(addr, "data");
                if (type.equals("inet")) {
                    block.nbdServerStart(ArgCheck.string(data, "host"), ArgCheck.port(data, "addr.data."));
                } else {
                    block.nbdServerStart(data.path("path").asText(type), "");
                }
                return empty;
            }
            case "nbd-server-stop" -> {
                ArgCheck.only(args);
                for (String id : block.nbdServerStop()) {
                    fx.before.add(FakeEvents.ofJson("BLOCK_EXPORT_DELETED", "{\"id\": \"" + id + "\"}"));
                }
                return empty;
            }
            case "nbd-server-add" -> {
                ArgCheck.only(args, "device", "name", "writable", "bitmap", "description");
                block.nbdServerAdd(ArgCheck.string(args, "device"), ArgCheck.optionalString(args, "name"),
                        ArgCheck.bool(args, "writable", false));
                return empty;
            }
            case "block-export-add" -> {
                if (!version.isAtLeast(5, 2)) {
                    return null;
                }
                ArgCheck.only(args, "type", "id", "node-name", "writable", "name", "description", "bitmaps",
                        "allocation-depth", "iothread", "fixed-iothread", "writethrough");
                String type = ArgCheck.string(args, "type");
                String id = ArgCheck.string(args, "id");
                String nodeName = ArgCheck.string(args, "node-name");
                if (!type.equals("nbd")) {
                    throw QmpError.generic("colo4j-testkit models only block exports of type 'nbd', not '" + type + "'");
                }
                block.blockExportAdd(id, nodeName, ArgCheck.optionalString(args, "name"),
                        ArgCheck.bool(args, "writable", false));
                return empty;
            }
            case "block-export-del" -> {
                ArgCheck.only(args, "id", "mode");
                String id = ArgCheck.string(args, "id");
                block.blockExportDel(id);
                fx.after.add(FakeEvents.ofJson("BLOCK_EXPORT_DELETED", "{\"id\": \"" + id + "\"}"));
                return empty;
            }
            case "blockdev-add" -> {
                block.blockdevAdd(args, nbdCheck());
                return empty;
            }
            case "blockdev-del" -> {
                ArgCheck.only(args, "node-name");
                block.blockdevDel(ArgCheck.string(args, "node-name"));
                return empty;
            }
            case "x-blockdev-change" -> {
                ArgCheck.only(args, "parent", "child", "node");
                block.xBlockdevChange(ArgCheck.string(args, "parent"), ArgCheck.optionalString(args, "child"),
                        ArgCheck.optionalString(args, "node"));
                return empty;
            }
            case "object-add" -> {
                qom.objectAdd(version.isAtLeast(6, 0) ? args : legacyObjectAdd(args));
                return empty;
            }
            case "object-del" -> {
                ArgCheck.only(args, "id");
                qom.objectDel(ArgCheck.string(args, "id"));
                return empty;
            }
            case "chardev-add" -> {
                ArgCheck.only(args, "id", "backend");
                checkSocketOptions(args);
                return qom.chardevAdd(args);
            }
            case "chardev-remove" -> {
                ArgCheck.only(args, "id");
                qom.chardevRemove(ArgCheck.string(args, "id"));
                return empty;
            }
            case "query-yank" -> {
                ArgCheck.only(args);
                return Yanks.query(this);
            }
            case "yank" -> {
                Yanks.yank(this, args, fx);
                return empty;
            }
            case "x-colo-lost-heartbeat" -> {
                ArgCheck.only(args);
                lostHeartbeat(fx);
                return empty;
            }
            case "human-monitor-command" -> {
                ArgCheck.only(args, "command-line", "cpu-index");
                return JSON.textNode(Hmp.run(this, ArgCheck.string(args, "command-line"), fx));
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Rejects the socket chardev options this release does not have, as QAPI's input visitor does
     * ({@code "Parameter 'backend.data.reconnect' is unexpected"} from 10.2 on).
     */
    private void checkSocketOptions(ObjectNode args) {
        JsonNode backend = args.path("backend");
        if (!"socket".equals(backend.path("type").asText()) || !backend.path("data").isObject()) {
            return;
        }
        List<String> known = new ArrayList<>(List.of("addr", "tls-creds", "tls-authz", "server", "wait", "nodelay",
                "telnet", "tn3270", "websocket", "logfile", "logappend"));
        if (release.chardevReconnect()) {
            known.add("reconnect");
        }
        if (release.chardevReconnectMs()) {
            known.add("reconnect-ms");
        }
        JsonNode data = backend.path("data");
        data.fieldNames().forEachRemaining(n -> {
            if (!known.contains(n)) {
                throw QmpError.generic("Parameter 'backend.data." + n + "' is unexpected");
            }
        });
        if (data.has("reconnect") && data.has("reconnect-ms")) {
            throw QmpError.generic("Failed to add chardev '" + args.path("id").asText() + "': 'reconnect' and"
                    + " 'reconnect-ms' are mutually exclusive");
        }
    }

    /** The {@code uri} of a migration command, with this release's message when it is missing. */
    private String uri(ObjectNode args, String command) {
        if (args.has("channels")) {
            throw QmpError.generic("colo4j-testkit models " + command + " with 'uri' only, not 'channels'");
        }
        if (!args.has("uri")) {
            throw QmpError.generic(release.missingUriError(command));
        }
        return ArgCheck.string(args, "uri");
    }

    private List<String> commands() {
        List<String> out = new ArrayList<>(COMMANDS);
        out.add("qmp_capabilities");
        if (!version.isAtLeast(5, 2)) {
            out.remove("block-export-add");
        }
        if (!version.isAtLeast(6, 0)) {
            out.removeAll(Yanks.OUT_OF_BAND);
        }
        return out;
    }

    private ObjectNode legacyObjectAdd(ObjectNode args) {
        ArgCheck.only(args, "qom-type", "id", "props");
        ObjectNode flat = JSON.objectNode();
        flat.set("qom-type", args.get("qom-type"));
        flat.set("id", args.get("id"));
        if (args.has("props")) {
            flat.setAll(ArgCheck.object(args, "props"));
        }
        return flat;
    }

    /** Checks an NBD client connection against the paired peer; null (no check) when unpaired. */
    BlockLayer.NbdCheck nbdCheck() {
        FakeColoNode p = peer;
        if (p == null) {
            return null;
        }
        return (host, port, export) -> {
            String error = linkCut ? "Failed to connect to '" + host + ":" + port + "': Connection timed out"
                    : p.model().alive ? p.model().block.nbdConnectError(host, port, export)
                    : "Failed to connect to '" + host + ":" + port + "': Connection refused";
            if (error != null) {
                throw QmpError.generic(error);
            }
        };
    }

    private void setCapabilities(JsonNode list) {
        Map<String, Boolean> next = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            if (!c.isObject()) {
                throw QmpError.generic("Invalid parameter type for 'capabilities[" + i + "]', expected: object");
            }
            String name = ArgCheck.string(c, "capability");
            if (!capabilities.containsKey(name)) {
                throw QmpError.generic("Parameter 'capability' does not accept value '" + name + "'");
            }
            JsonNode state = c.get("state");
            if (state == null) {
                throw QmpError.generic("Parameter 'state' is missing");
            }
            if (!state.isBoolean()) {
                throw QmpError.generic("Invalid parameter type for 'state', expected: boolean");
            }
            next.put(name, state.asBoolean());
        }
        Map<String, Boolean> after = new LinkedHashMap<>(capabilities);
        after.putAll(next);
        if (release.xColoRequiresReturnPath() && after.get("x-colo") && !after.get("return-path")) {
            throw QmpError.generic("Capability 'x-colo' requires capability 'return-path'");
        }
        capabilities.putAll(next);
    }

    private void setParameters(ObjectNode args) {
        JsonNode delay = args.get("x-checkpoint-delay");
        if (delay != null && (!delay.canConvertToLong() || !delay.isIntegralNumber() || delay.asLong() < 0
                || delay.asLong() > 0xffffffffL)) {
            throw QmpError.generic("Parameter 'x-checkpoint-delay' expects uint32_t");
        }
        args.properties().forEach(e -> parameters.put(e.getKey(), e.getValue().deepCopy()));
    }

    boolean capability(String name) {
        return Boolean.TRUE.equals(capabilities.get(name));
    }

    void migrationEvent(List<QmpEvent> list, MigrationStatus status) {
        if (capability("events")) {
            list.add(FakeEvents.migration(status));
        }
    }

    void passEvent(List<QmpEvent> list) {
        migrationPass++;
        if (capability("events")) {
            list.add(FakeEvents.ofJson("MIGRATION_PASS", "{\"pass\": " + migrationPass + "}"));
        }
    }

    void print(String text) {
        stdout.append(text);
        owner.appendStdout(text);
    }

    // ------------------------------------------------------------------ queries

    ObjectNode status() {
        ObjectNode s = JSON.objectNode();
        s.put("status", runState.wireName());
        if (release.statusHasSinglestep()) {
            s.put("singlestep", false);
        }
        s.put("running", runState == RunState.RUNNING);
        return s;
    }

    ObjectNode coloStatus() {
        ObjectNode s = JSON.objectNode();
        s.put("last-mode", lastMode.wireName());
        s.put("mode", mode.wireName());
        s.put("reason", reason().wireName());
        return s;
    }

    ColoExitReason reason() {
        return switch (failover) {
            case NONE -> ColoExitReason.NONE;
            case COMPLETED -> ColoExitReason.REQUEST;
            case ACTIVE -> mode == ColoMode.NONE ? ColoExitReason.ERROR : ColoExitReason.PROCESSING;
        };
    }

    /** {@code socket-address}: where the incoming migration listens, as QEMU reports it. */
    private void putSocketAddress(ObjectNode m) {
        String[] hp = Migrations.hostPort(incoming.substring(4));
        ArrayNode addrs = m.putArray("socket-address");
        ObjectNode a = addrs.addObject();
        a.put("port", hp[1]);
        a.put("ipv4", true);
        a.put("host", hp[0]);
        a.put("type", "inet");
    }

    ObjectNode queryMigrate() {
        ObjectNode m = JSON.objectNode();
        if (migration == null) {
            if (incomingStarted && incoming != null && incoming.startsWith("tcp:")) {
                putSocketAddress(m); // listening, nothing received yet: QEMU sends the address alone
            }
            return m;
        }
        m.put("status", migration.wireName());
        if (migration == MigrationStatus.FAILED && migrationError != null) {
            m.put("error-desc", migrationError);
        }
        if (migration == MigrationStatus.COLO && !outgoing && incoming != null && incoming.startsWith("tcp:")) {
            putSocketAddress(m);
        }
        if (migration == MigrationStatus.COMPLETED && outgoing) {
            m.put("setup-time", 1);
            m.put("downtime", 0);
            m.put("total-time", 0);
            ObjectNode ram = m.putObject("ram");
            for (String k : List.of("total", "postcopy-requests", "dirty-sync-count", "multifd-bytes", "pages-per-second",
                    "downtime-bytes", "page-size", "remaining", "postcopy-bytes", "mbps", "transferred",
                    "dirty-sync-missed-zero-copy", "precopy-bytes", "duplicate", "dirty-pages-rate", "skipped",
                    "normal-bytes", "normal")) {
                ram.put(k, k.equals("page-size") ? 4096 : 0);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ COLO

    private void lostHeartbeat(Effects fx) {
        if (mode == ColoMode.NONE) {
            throw QmpError.generic(release.notInColoError());
        }
        if (failover == Failover.ACTIVE) {
            throw QmpError.generic("COLO failover is already activated");
        }
        failover = Failover.ACTIVE;
        if (!manualFailover) {
            completeFailover(fx);
        }
    }

    /** Finishes a failover: the sequences measured on QEMU 7.2.22 (see FakeColoNode's class doc). */
    void completeFailover(Effects fx) {
        ColoMode was = mode;
        if (was == ColoMode.PRIMARY) {
            if (!exitReported) {
                migrationEvent(fx.before, MigrationStatus.COMPLETED);
                fx.after.add(FakeEvents.coloExit(ColoMode.PRIMARY, ColoExitReason.REQUEST));
                fx.after.add(FakeEvents.of("RESUME"));
                ColoNodeModel p = peerModel();
                if (p != null && p.inColoUnbroken()) {
                    p.peerLost(fx);
                }
            } else if (runState == RunState.COLO) {
                migrationEvent(fx.before, MigrationStatus.COMPLETED);
                fx.before.add(FakeEvents.of("RESUME"));
            } else {
                fx.before.add(FakeEvents.of("STOP"));
                migrationEvent(fx.before, MigrationStatus.COMPLETED);
                fx.after.add(FakeEvents.of("RESUME"));
            }
            pending.clear();
        } else {
            if (!exitReported) {
                fx.after.add(FakeEvents.of("STOP"));
                migrationEvent(fx.after, MigrationStatus.COMPLETED);
                fx.after.add(FakeEvents.coloExit(ColoMode.SECONDARY, ColoExitReason.REQUEST));
                fx.after.add(FakeEvents.of("RESUME"));
                ColoNodeModel p = peerModel();
                if (p != null && p.inColoUnbroken()) {
                    p.linkBroken = true;
                    p.peerLeftAlive = true;
                }
            } else {
                fx.before.add(FakeEvents.of("STOP"));
                migrationEvent(fx.before, MigrationStatus.COMPLETED);
                fx.after.add(FakeEvents.of("RESUME"));
            }
        }
        lastMode = was;
        mode = ColoMode.NONE;
        failover = Failover.COMPLETED;
        migration = MigrationStatus.COMPLETED;
        runState = RunState.RUNNING;
        linkBroken = true;
    }

    /** Whether this node is a primary: built as one, in COLO as one, or running alone after a failover. */
    boolean actsAsPrimary() {
        return role == Role.PRIMARY || mode == ColoMode.PRIMARY || (mode == ColoMode.NONE && failover == Failover.COMPLETED);
    }

    /** Whether this node replicates and has seen no failure or failover yet. */
    boolean inColoUnbroken() {
        return alive && mode != ColoMode.NONE && failover == Failover.NONE && !exitReported;
    }

    /** This node notices its peer is gone: COLO_EXIT with reason error; it stays in its mode until failover. */
    void peerLost(Effects fx) {
        FakeColoNode me = owner;
        if (mode == ColoMode.SECONDARY) {
            fx.send(me, FakeEvents.of("RESUME"));
            print("qemu-system-x86_64: Can't send COLO message: Input/output error\n");
        } else {
            print("qemu-system-x86_64: Can't receive COLO message: Input/output error\n");
        }
        fx.send(me, FakeEvents.coloExit(mode, ColoExitReason.ERROR));
        exitReported = true;
        linkBroken = true;
        runState = RunState.RUNNING;
    }

    /** One checkpoint, driven by the primary. */
    void checkpoint(Effects fx) {
        FakeColoNode me = owner;
        if (linkBroken) {
            print("qemu-system-x86_64: Can't receive COLO message: Input/output error\n");
            fx.send(me, FakeEvents.coloExit(ColoMode.PRIMARY, ColoExitReason.ERROR));
            exitReported = true;
            if (peerLeftAlive) {
                runState = RunState.COLO;
            }
            return;
        }
        ColoNodeModel p = peerModel();
        List<QmpEvent> pass = new ArrayList<>();
        passEvent(pass);
        if (p != null) {
            fx.send(p.owner, FakeEvents.of("STOP"));
        }
        fx.send(me, FakeEvents.of("STOP"));
        pass.forEach(e -> fx.send(me, e));
        if (p != null) {
            fx.send(p.owner, FakeEvents.of("RESUME"));
            for (PendingWrite w : pending) {
                p.checkpointed.get(w.disk()).write(w.offset(), w.length(), w.value());
            }
            p.live.replaceAll((id, disk) -> p.checkpointed.get(id).copy());
            p.checkpoints++;
        }
        fx.send(me, FakeEvents.of("RESUME"));
        pending.clear();
        checkpoints++;
    }

    /** A checkpoint as an unpaired secondary sees it. */
    void secondaryCheckpoint(Effects fx) {
        fx.send(owner, FakeEvents.of("STOP"));
        fx.send(owner, FakeEvents.of("RESUME"));
        live.replaceAll((id, disk) -> checkpointed.get(id).copy());
        checkpoints++;
    }

    /** Whether an incoming migration to {@code host:port} would reach this node now. */
    boolean listensOn(String host, String port) {
        if (runState != RunState.INMIGRATE || !incomingStarted || incoming == null || !incoming.startsWith("tcp:")) {
            return false;
        }
        String[] hp = Migrations.hostPort(incoming.substring(4));
        return hp[1].equals(port)
                && (hp[0].equals("0.0.0.0") || hp[0].equals("::") || hp[0].isEmpty() || hp[0].equals(host));
    }

    ColoNodeModel peerModel() {
        return peer == null ? null : peer.model();
    }

    // ------------------------------------------------------------------ disks

    /** The guest's view of drive {@code device}, or null if the model has none for it. */
    SparseDisk diskFor(String device) {
        for (FakeDisk d : disks) {
            if (d.id().equals(device) || d.replicationId().equals(device)) {
                return block.hasBackend(device) ? live.get(d.id()) : null;
            }
            if (role == Role.SECONDARY && d.parentId().equals(device)) {
                return block.hasBackend(device) ? checkpointed.get(d.id()) : null;
            }
        }
        return null;
    }

    /** The disk whose parent node this node exports as {@code exportName} over NBD; null if none. */
    FakeDisk diskExportedAs(String exportName) {
        String node = block.exportedNode(exportName);
        if (node == null || actsAsPrimary()) {
            return null;
        }
        for (FakeDisk d : disks) {
            BlockLayer.Node parent = block.deviceOrNode(d.parentId());
            if (parent != null && parent.name.equals(node)) {
                return d;
            }
        }
        return null;
    }

    /** A guest write on the quorum drive {@code disk}: replicated by the next checkpoint while COLO runs. */
    void wrote(String device, long offset, long length, int value, Effects fx) {
        FakeDisk d = disks.stream().filter(x -> x.id().equals(device)).findFirst().orElse(null);
        if (d == null || !actsAsPrimary()) {
            return;
        }
        jobs.wrote(d.id(), offset, length, value);
        String child = block.replicationChild(d.id());
        if (child == null) {
            return;
        }
        if (mode == ColoMode.PRIMARY && failover == Failover.NONE && !exitReported && !linkBroken) {
            pending.add(new PendingWrite(d.id(), offset, length, value));
        } else if (mode == ColoMode.NONE && migration != MigrationStatus.COMPLETED) {
            ObjectNode data = JSON.objectNode();
            data.put("node-name", child);
            data.put("sectors-count", (length + 511) / 512);
            data.put("sector-num", offset / 512);
            data.put("type", "write");
            data.put("error", "Input/output error");
            fx.after.add(FakeEvents.of("QUORUM_REPORT_BAD", data));
        }
    }
}
