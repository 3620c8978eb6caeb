package org.colo4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.colo4j.blockgraph.LiveBlockGraph;
import org.colo4j.netfilter.NodeProxy;
import org.colo4j.netfilter.SocketChardev;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpEventWaiter;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.QmpSchema;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.command.BlockDeviceInfo;
import org.colo4j.qmp.command.ChardevInfo;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.Cont;
import org.colo4j.qmp.command.MigrationInfo;
import org.colo4j.qmp.command.QueryBlock;
import org.colo4j.qmp.command.QueryChardev;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryMigrate;
import org.colo4j.qmp.command.QueryNamedBlockNodes;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.StatusInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live COLO pair: both nodes' QMP connections and the procedures of COLO-FT.txt over them.
 *
 * <pre>{@code
 * try (ColoPair pair = ColoPair.connect(spec)) {
 *     pair.preflight();                                   // no mutation
 *     pair.start();                                       // NBD export, replication child, x-colo, migrate
 *     ColoStatus st = pair.status();
 *     FailoverReport r = pair.failover().onSecondary();   // the primary died: the secondary takes over
 * }
 * }</pre>
 *
 * <p>Every wait has a deadline. A failing step throws {@link ColoStepException} naming the step and
 * both nodes' state. Failovers tolerate steps that were already done, so they can be repeated.
 * Thread-safe for status queries; run start, failover and resume from one thread at a time.
 */
public final class ColoPair implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ColoPair.class);

    /** How long {@link #start()} waits for both nodes to report COLO. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a failover waits for the survivor to report COLO mode none and running. */
    public static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    /** How long preflight waits for the secondary's reconnecting chardevs to reach the primary. */
    public static final Duration CHARDEV_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final List<String> SURFACED = List.of("COLO_EXIT", "SHUTDOWN", "RESET", "STOP", "GUEST_PANICKED");

    private final ColoPairSpec spec;
    private final Map<Role, QmpClient> clients = new HashMap<>();
    private volatile boolean ownsClients;
    private final List<QmpSubscription> subscriptions = new ArrayList<>();
    private final CopyOnWriteArrayList<Consumer<? super PairEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean replicating;
    private volatile boolean operating;
    private volatile Role survivor;

    private ColoPair(ColoPairSpec spec, QmpClient primary, QmpClient secondary, boolean ownsClients) {
        this.spec = spec;
        this.ownsClients = ownsClients;
        clients.put(Role.PRIMARY, primary);
        clients.put(Role.SECONDARY, secondary);
        for (Role role : Role.values()) {
            subscriptions.add(clients.get(role).onAnyEvent(e -> {
                // STOPs are routine while replicating (checkpoints) and during colo4j's own procedures.
                if (SURFACED.contains(e.name()) && !(e.name().equals("STOP") && (replicating || operating))) {
                    PairEvent pe = PairEvent.qemuEvent(role, spec.node(role).name(), e, operating);
                    listeners.forEach(l -> l.accept(pe));
                }
            }));
        }
    }

    /** Opens both QMP connections with {@link QmpOptions#defaults()}. */
    public static ColoPair connect(ColoPairSpec spec) {
        return connect(spec, QmpOptions.defaults());
    }

    /**
     * Opens both QMP connections.
     *
     * @throws org.colo4j.qmp.QmpConnectException if a node's QMP endpoint does not answer
     */
    public static ColoPair connect(ColoPairSpec spec, QmpOptions options) {
        Objects.requireNonNull(spec, "spec");
        QmpClient primary = QmpClient.connect(spec.primary().qmp(), options);
        try {
            return new ColoPair(spec, primary, QmpClient.connect(spec.secondary().qmp(), options), true);
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** A pair over connections the caller opened and keeps ownership of ({@link #close()} leaves them open). */
    public static ColoPair of(ColoPairSpec spec, QmpClient primary, QmpClient secondary) {
        return new ColoPair(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(primary, "primary"),
                Objects.requireNonNull(secondary, "secondary"), false);
    }

    public ColoPairSpec spec() {
        return spec;
    }

    /** The QMP connection of the node in {@code role}. */
    public QmpClient qmp(Role role) {
        return clients.get(role);
    }

    /**
     * Calls {@code listener} with every {@link PairEvent} from either node (on the connection's event
     * thread) until the subscription is closed.
     */
    public QmpSubscription onEvent(Consumer<? super PairEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    // ------------------------------------------------------------------ preflight

    /**
     * Checks both nodes without changing anything: QEMU versions (known-broken releases), the COLO
     * features in each schema, the run states the start needs (primary paused with {@code -S},
     * secondary {@code inmigrate}), that the live disks' virtual sizes match, and that the proxy's
     * chardevs use the spec's ports and the secondary's reached the primary.
     */
    public PreflightReport preflight() {
        List<PreflightReport.Check> checks = new ArrayList<>();
        for (Role role : Role.values()) {
            QmpClient qmp = clients.get(role);
            if (!qmp.isOpen()) {
                checks.add(new PreflightReport.Check(role, "QMP connection", false, "closed: is QEMU still running?"));
                continue;
            }
            QemuVersion v = qmp.greeting().version();
            checks.add(KnownQemuIssues.coloBroken(v)
                    .map(why -> new PreflightReport.Check(role, "QEMU version", false, why))
                    .orElse(new PreflightReport.Check(role, "QEMU version", true, v.toString())));
            try {
                checkSchema(role, qmp.schema(), checks);
            } catch (QmpException e) {
                checks.add(new PreflightReport.Check(role, "COLO support", false, "cannot read the QMP schema"
                        + " (query-qmp-schema, QEMU 2.5 and later): " + e.getMessage()));
            }
            checkRunState(role, qmp.execute(new QueryStatus()), checks);
            if (role == Role.SECONDARY) {
                checks.add(incomingCheck(qmp.execute(new QueryMigrate()), "spec.secondaryArgv()"));
            }
        }
        if (clients.values().stream().allMatch(QmpClient::isOpen)) {
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
        PreflightReport report = new PreflightReport(checks);
        log.info("{}", report);
        return report;
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

    private static void checkRunState(Role role, StatusInfo status, List<PreflightReport.Check> checks) {
        boolean ok = role == Role.PRIMARY
                ? status.status() == RunState.PRELAUNCH || status.status() == RunState.PAUSED
                : status.status() == RunState.INMIGRATE;
        String expected = role == Role.PRIMARY ? "paused (started with -S)" : "inmigrate (started with -incoming)";
        checks.add(new PreflightReport.Check(role, "run state", ok, wire(status.status()) + (ok ? ""
                : "; expected " + expected + ": start it with the argv ColoPairSpec renders for it")));
    }

    /**
     * The secondary's incoming migration must not listen yet: colo4j sets x-colo first and then runs
     * {@code migrate-incoming}, which QEMU refuses once it listens ("The incoming migration has
     * already been started"). QEMU reports the listening address in {@code query-migrate} at once.
     */
    private static PreflightReport.Check incomingCheck(MigrationInfo migration, String argv) {
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
        QmpClient qmp = clients.get(role);
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
        long deadline = System.nanoTime() + CHARDEV_CONNECT_TIMEOUT.toNanos();
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
        for (ChardevInfo c : clients.get(role).execute(new QueryChardev())) {
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
                        + " to port " + c.port() + " (is the secondary running, with red0/red1 pointing here?)");
            }
        }
        return problems;
    }

    private boolean isCrossHost(SocketChardev c) {
        return c.server() && spec.proxy().secondary().chardevs().stream().anyMatch(s -> s.port() == c.port());
    }

    // ------------------------------------------------------------------ start

    /**
     * Starts COLO: runs {@link #preflight()} and refuses to change anything if it fails; then on the
     * secondary x-colo, the incoming migration, the NBD server and exports; on the primary the
     * replication children, x-colo, the checkpoint delay and {@code migrate}. Returns once both nodes
     * report COLO and the primary runs.
     *
     * @throws PreflightFailedException if preflight failed (nothing was changed)
     * @throws ColoStepException naming the step that failed and both nodes' state
     */
    public StartReport start() {
        PreflightReport preflight = preflight();
        if (!preflight.passed()) {
            throw new PreflightFailedException(preflight);
        }
        long t0 = System.nanoTime();
        List<StepResult> done = new ArrayList<>();
        QmpClient secondary = clients.get(Role.SECONDARY);
        operating = true;
        try {
            List<ColoStep> steps = new ArrayList<>(ColoSequences.secondaryStart(spec, secondary.greeting().version(),
                    secondary.execute(new QueryBlock())));
            steps.addAll(ColoSequences.primaryStart(spec));
            run("start", steps, done);
            awaitStatus("start", done, START_TIMEOUT, s -> s.isReplicating() && s.primary().runState() == RunState.RUNNING);
            replicating = true;
        } finally {
            operating = false;
        }
        StartReport report = new StartReport(preflight, done, Duration.ofNanos(System.nanoTime() - t0), status());
        log.info("{}", report);
        return report;
    }

    // ------------------------------------------------------------------ status

    /** Both nodes' run state, COLO mode/last mode/reason and migration status; an unreachable node says so. */
    public ColoStatus status() {
        return new ColoStatus(nodeStatus(Role.PRIMARY), nodeStatus(Role.SECONDARY));
    }

    /** One node's status (unreachable if its QMP connection is gone or does not answer). */
    public NodeStatus nodeStatus(Role role) {
        QmpClient qmp = clients.get(role);
        String name = spec.node(role).name();
        if (!qmp.isOpen()) {
            return NodeStatus.unreachable(name);
        }
        try {
            // Sent together: QEMU answers them one after another, without waiting for us in between.
            CompletableFuture<StatusInfo> run = qmp.executeAsync(new QueryStatus());
            CompletableFuture<ColoStatusInfo> colo = qmp.executeAsync(new QueryColoStatus());
            CompletableFuture<MigrationInfo> migration = qmp.executeAsync(new QueryMigrate());
            Duration limit = qmp.options().commandTimeout();
            ColoStatusInfo c = qmp.await(colo, limit);
            return new NodeStatus(name, true, qmp.await(run, limit).status(), c.mode(), c.lastMode(), c.reason(),
                    qmp.await(migration, limit).status());
        } catch (QmpException e) {
            return NodeStatus.unreachable(name);
        }
    }

    // ------------------------------------------------------------------ failover

    /** The two failovers of COLO-FT.txt. */
    public Failover failover() {
        return new Failover();
    }

    /** Chooses which node carries on. */
    public final class Failover {

        private Failover() {}

        /**
         * The primary died: the secondary takes over (NBD server stopped, x-colo-lost-heartbeat, its
         * redirectors and their chardevs removed) and runs on alone.
         */
        public FailoverReport onSecondary() {
            return failOver(Role.SECONDARY, () -> ColoSequences.secondaryFailover(spec,
                    clients.get(Role.SECONDARY).greeting().version()));
        }

        /**
         * The secondary died: the primary drops its replication children and its proxy, leaves COLO
         * and runs on alone.
         */
        public FailoverReport onPrimary() {
            QmpClient primary = clients.get(Role.PRIMARY);
            return failOver(Role.PRIMARY, () -> ColoSequences.primaryFailover(spec, primary.greeting().version(),
                    LiveBlockGraph.read(primary)));
        }
    }

    private FailoverReport failOver(Role survivor, java.util.function.Supplier<List<ColoStep>> steps) {
        operating = true;
        try {
            return failOverSteps(survivor, steps);
        } finally {
            operating = false;
        }
    }

    private FailoverReport failOverSteps(Role survivor, java.util.function.Supplier<List<ColoStep>> steps) {
        long t0 = System.nanoTime();
        replicating = false;
        List<StepResult> done = new ArrayList<>();
        String operation = "failover on the " + survivor;
        Semaphore changed = new Semaphore(0);
        // Any event from the survivor (RESUME, COLO_EXIT, ...) triggers a re-check at once.
        try (QmpSubscription wakeup = clients.get(survivor).onAnyEvent(e -> changed.release())) {
            run(operation, steps.get(), done);
            return awaitAlone(survivor, operation, done, changed, t0);
        }
    }

    private FailoverReport awaitAlone(Role survivor, String operation, List<StepResult> done, Semaphore changed, long t0) {
        long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
        long pausedSince = 0;
        NodeStatus s;
        while (true) {
            s = nodeStatus(survivor);
            if (s.isRunningAlone()) {
                break;
            }
            if (s.reachable() && s.mode() == ColoMode.NONE && s.runState() != RunState.RUNNING) {
                // COLO has stopped but left the guest paused (e.g. it died mid-checkpoint): resume it.
                pausedSince = pausedSince == 0 ? System.nanoTime() : pausedSince;
                if (System.nanoTime() - pausedSince > Duration.ofMillis(500).toNanos()) {
                    run(operation, List.of(ColoStep.execute(survivor, "resume the guest COLO left paused", new Cont())), done);
                    pausedSince = 0;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ColoStepException(operation, null, done,
                        safeStatus(), new ColoException("the " + survivor + " did not report COLO mode none and running"
                        + " within " + FAILOVER_TIMEOUT + "; last: " + s));
            }
            awaitChange(changed, 5, "the " + survivor + " to run alone");
        }
        FailoverReport report = new FailoverReport(survivor, done, Duration.ofNanos(System.nanoTime() - t0), s);
        this.survivor = survivor;
        log.info("{}", report);
        return report;
    }

    // ------------------------------------------------------------------ resume

    /** {@link #resumeReplication(ColoPairSpec, ResyncListener)} without progress reports. */
    public ColoPair resumeReplication(ColoPairSpec next) {
        return resumeReplication(next, ResyncListener.NONE);
    }

    /**
     * {@link #resumeReplication(ColoPairSpec, ResyncListener)} with the next spec made by
     * {@link ColoPairSpec#afterFailover}, the new secondary using the same image paths as the old
     * secondary (on its own host). Use the {@code ColoPairSpec} form when its images live elsewhere.
     */
    public ColoPair resumeReplication(ColoNode newSecondary) {
        Role s = requireSurvivor();
        return resumeReplication(spec.afterFailover(s, newSecondary, spec.disks()), ResyncListener.NONE);
    }

    /**
     * After either failover, brings replication back with a fresh secondary that the caller started
     * with {@code next.secondaryArgv()} ({@code next} from {@link ColoPairSpec#afterFailover}). On the
     * new secondary: x-colo, incoming migration, NBD exports. On the survivor, now the primary: the
     * primary's chardevs if it was a secondary; a full mirror of every disk to the new exports,
     * reported to {@code progress}; stop and cancel the mirrors; the replication children; the proxy
     * objects (inserted before {@code rew0} if it was a secondary); x-colo and migrate. Returns once
     * both report COLO.
     *
     * <p>The returned pair takes over the survivor's connection; this pair should then only be closed.
     *
     * @throws IllegalStateException if no failover has happened on this pair
     * @throws ColoStepException naming the step that failed and both nodes' state
     */
    public ColoPair resumeReplication(ColoPairSpec next, ResyncListener progress) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(progress, "progress");
        Role survived = requireSurvivor();
        if (!next.primary().qmp().equals(spec.node(survived).qmp())) {
            throw new IllegalArgumentException("next.primary must be the node that survived (" + spec.node(survived)
                    + "), got " + next.primary() + ": make next with spec().afterFailover(...)");
        }
        QmpClient primary = clients.get(survived);
        QmpClient secondary = QmpClient.connect(next.secondary().qmp(), primary.options());
        ColoPair nextPair = new ColoPair(next, primary, secondary, false);
        nextPair.operating = true;
        try {
            RunState state = secondary.execute(new QueryStatus()).status();
            if (state != RunState.INMIGRATE) {
                throw new PreflightFailedException(new PreflightReport(List.of(new PreflightReport.Check(Role.SECONDARY,
                        "run state", false, wire(state) + "; expected inmigrate: start it with next.secondaryArgv()"))));
            }
            PreflightReport.Check incoming = incomingCheck(secondary.execute(new QueryMigrate()), "next.secondaryArgv()");
            if (!incoming.passed()) {
                throw new PreflightFailedException(new PreflightReport(List.of(incoming)));
            }
            long t0 = System.nanoTime();
            List<StepResult> done = new ArrayList<>();
            QemuVersion version = primary.greeting().version();
            nextPair.run("resume: new secondary", ColoSequences.secondaryStart(next, secondary.greeting().version(),
                    secondary.execute(new QueryBlock())), done);
            nextPair.run("resume: resync", ColoSequences.resumeResync(next, survived, version), done, progress);
            nextPair.run("resume: replication", ColoSequences.resumeReplication(spec, next, survived, version), done);
            nextPair.awaitStatus("resume", done, START_TIMEOUT,
                    s -> s.isReplicating() && s.primary().runState() == RunState.RUNNING);
            nextPair.replicating = true;
            nextPair.operating = false;
            log.info("replication resumed in {} ms: {}", Duration.ofNanos(System.nanoTime() - t0).toMillis(), nextPair.status());
        } catch (RuntimeException e) {
            nextPair.close();
            secondary.close();
            throw e;
        }
        nextPair.ownsClients = ownsClients;
        if (ownsClients) {
            clients.get(survived.other()).close();
            ownsClients = false;
        }
        return nextPair;
    }

    private Role requireSurvivor() {
        Role s = survivor;
        if (s == null) {
            throw new IllegalStateException("resumeReplication needs a failover first: call failover().onSecondary()"
                    + " or failover().onPrimary() when a node has died");
        }
        return s;
    }

    // ------------------------------------------------------------------ running steps

    private void run(String operation, List<ColoStep> steps, List<StepResult> done) {
        run(operation, steps, done, ResyncListener.NONE);
    }

    private void run(String operation, List<ColoStep> steps, List<StepResult> done, ResyncListener progress) {
        Map<ColoStep, QmpEventWaiter> waiters = new HashMap<>();
        try {
            for (ColoStep step : steps) {
                if (step.awaitEvent() != null) {
                    waiters.put(step, clients.get(step.node()).expectEvent(step.awaitEvent(),
                            e -> step.awaitDevice() == null || step.awaitDevice().equals(e.get("device").asText())));
                }
            }
            for (ColoStep step : steps) {
                long t = System.nanoTime();
                StepResult.Outcome outcome = StepResult.Outcome.DONE;
                try {
                    if (step.command() != null) {
                        clients.get(step.node()).execute(step.command());
                    } else {
                        awaitWithProgress(step, waiters.get(step), progress);
                    }
                } catch (QmpErrorResponseException e) {
                    if (!step.isAlreadyDone(e)) {
                        throw new ColoStepException(operation, step, done, safeStatus(), e);
                    }
                    outcome = StepResult.Outcome.ALREADY_DONE;
                } catch (QmpException e) {
                    throw new ColoStepException(operation, step, done, safeStatus(), e);
                }
                done.add(new StepResult(step, outcome, Duration.ofNanos(System.nanoTime() - t)));
            }
        } finally {
            waiters.values().forEach(QmpEventWaiter::close);
        }
    }

    /** Waits for a step's event; while a mirror is not ready yet, reports its progress from query-block-jobs. */
    private void awaitWithProgress(ColoStep step, QmpEventWaiter waiter, ResyncListener progress) {
        if (progress == ResyncListener.NONE || !"BLOCK_JOB_READY".equals(step.awaitEvent())) {
            waiter.await(step.timeout());
            return;
        }
        QmpClient qmp = clients.get(step.node());
        long deadline = System.nanoTime() + step.timeout().toNanos();
        while (true) {
            try {
                long len = waiter.await(Duration.ofMillis(200)).get("len").asLong();
                progress.progress(new ResyncProgress(step.awaitDevice(), len, len));
                return;
            } catch (org.colo4j.qmp.QmpTimeoutException slice) {
                for (org.colo4j.qmp.command.BlockJobInfo job : qmp.execute(new org.colo4j.qmp.command.QueryBlockJobs())) {
                    if (step.awaitDevice().equals(job.device())) {
                        progress.progress(new ResyncProgress(job.device(), job.offset(), job.len()));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new org.colo4j.qmp.QmpTimeoutException("no " + step.awaitEvent() + " for " + step.awaitDevice()
                            + " within " + step.timeout(), step.timeout());
                }
            }
        }
    }

    private void awaitStatus(String operation, List<StepResult> done, Duration timeout, Predicate<ColoStatus> condition) {
        Semaphore changed = new Semaphore(0);
        List<QmpSubscription> wakeups = new ArrayList<>();
        clients.values().forEach(c -> wakeups.add(c.onAnyEvent(e -> changed.release())));
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            ColoStatus s = status();
            while (!condition.test(s)) {
                if (System.nanoTime() > deadline) {
                    throw new ColoStepException(operation, null, done, s,
                            new ColoException("the pair did not reach the expected state within " + timeout));
                }
                awaitChange(changed, 10, "the pair to reach the expected state (" + operation + ")");
                s = status();
            }
        } finally {
            wakeups.forEach(QmpSubscription::close);
        }
    }

    /**
     * Waits until an event released {@code changed} or {@code millis} passed, whichever is first, and
     * forgets further releases: the caller then re-checks the state once for all of them.
     */
    private static void awaitChange(Semaphore changed, long millis, String what) {
        try {
            changed.tryAcquire(millis, TimeUnit.MILLISECONDS);
            changed.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColoException("interrupted while waiting for " + what, e);
        }
    }

    private ColoStatus safeStatus() {
        try {
            return status();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColoException("interrupted", e);
        }
    }

    private static String wire(Enum<?> e) {
        return e == null ? "?" : e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Closes both QMP connections if this pair opened them; the QEMUs keep running. */
    @Override
    public void close() {
        subscriptions.forEach(QmpSubscription::close);
        if (ownsClients) {
            clients.values().forEach(QmpClient::close);
        }
    }

    @Override
    public String toString() {
        return "ColoPair{" + spec.primary().name() + " -> " + spec.secondary().name() + (replicating ? ", replicating" : "") + "}";
    }
}
