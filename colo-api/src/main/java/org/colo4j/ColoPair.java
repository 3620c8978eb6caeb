package org.colo4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.colo4j.blockgraph.LiveBlockGraph;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.Cont;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.QueryBlock;
import org.colo4j.qmp.command.QueryMigrate;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
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
 * <h2>A node may be down</h2>
 * {@link #connect(ColoPairSpec)} returns when at least one node answers; the other is reported
 * unreachable by {@link #status()} and {@link #preflight()}, and an operation that needs it fails at
 * once with {@link ColoNodeUnreachableException}. A failover needs only the node that carries on.
 *
 * <h2>Deadlines</h2>
 * Every wait is bounded by one of the pair's {@link ColoTimeouts}. Start and resume watch the
 * migration, the resync jobs and both connections, and fail within about a second of a node dying, the
 * migration failing (or completing where COLO was due) or a resync job failing. A failover on the
 * primary yanks (out of band) the connections to a secondary that hangs, so it does not wait for TCP
 * to give up.
 *
 * <h2>Errors</h2>
 * Everything thrown is a {@link ColoException} (under {@code org.colo4j.qmp.Colo4jException}, which
 * QMP's own exceptions share): {@link ColoStepException} names the step that failed and both nodes'
 * state; {@link ColoNodeUnreachableException}, {@link PreflightFailedException} and
 * {@link FailoverRefusedException} are the cases a caller can act on.
 *
 * <h2>Events</h2>
 * {@link #onEvent} reports QEMU's events that matter to HA logic, lost connections and failed guests
 * as {@link PairEvent}s; what colo4j's own procedures cause arrives with
 * {@link PairEvent#duringOperation()} true.
 *
 * <p>Thread-safe for status queries; run start, failover and resume from one thread at a time.
 */
public final class ColoPair implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ColoPair.class);

    /** {@link ColoTimeouts#start()}'s default. */
    public static final Duration START_TIMEOUT = ColoTimeouts.defaults().start();
    /** {@link ColoTimeouts#failover()}'s default. */
    public static final Duration FAILOVER_TIMEOUT = ColoTimeouts.defaults().failover();
    /** {@link ColoTimeouts#chardevConnect()}'s default. */
    public static final Duration CHARDEV_CONNECT_TIMEOUT = ColoTimeouts.defaults().chardevConnect();

    private final ColoPairSpec spec;
    private final ColoPairOptions options;
    private final PairConnections connections;
    private final StepRunner steps;
    private volatile boolean ownsClients;
    private volatile Role survivor;

    private ColoPair(ColoPairSpec spec, ColoPairOptions options, PairConnections connections, boolean ownsClients) {
        this.spec = spec;
        this.options = options;
        this.connections = connections;
        this.steps = new StepRunner(connections, options.timeouts());
        this.ownsClients = ownsClients;
    }

    /** {@link #connect(ColoPairSpec, ColoPairOptions)} with {@link ColoPairOptions#defaults()}. */
    public static ColoPair connect(ColoPairSpec spec) {
        return connect(spec, ColoPairOptions.defaults());
    }

    /** {@link #connect(ColoPairSpec, ColoPairOptions)} with these QMP options and the default timeouts. */
    public static ColoPair connect(ColoPairSpec spec, QmpOptions options) {
        return connect(spec, ColoPairOptions.defaults().withQmp(Objects.requireNonNull(options, "options")));
    }

    /**
     * Opens both nodes' QMP connections, each named after its node. Returns when at least one node
     * answers: the other is then unreachable for this pair's life (connect again once it is back). Logs
     * the spec's {@link ColoPairSpec#warnings() warnings} at WARN first.
     *
     * @throws ColoNodeUnreachableException if neither node answers (it names the primary; the
     *     secondary's failure is a suppressed exception)
     */
    public static ColoPair connect(ColoPairSpec spec, ColoPairOptions options) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        logWarnings(spec);
        QmpClient[] clients = new QmpClient[2];
        QmpException[] failures = new QmpException[2];
        for (Role role : Role.values()) {
            ColoNode node = spec.node(role);
            try {
                clients[role.ordinal()] = QmpClient.connect(node.qmpConnect(), options.qmp().withName(node.name()));
            } catch (QmpException e) {
                failures[role.ordinal()] = e;
                log.warn("{} '{}' cannot be reached at {}: {}", role, node.name(), node.qmpConnect(), e.getMessage());
            }
        }
        if (clients[0] == null && clients[1] == null) {
            ColoNodeUnreachableException e = new ColoNodeUnreachableException(Role.PRIMARY, spec.primary().name(),
                    "neither node of the pair answers: the primary '" + spec.primary().name() + "' at " + spec.primary().qmpConnect()
                            + " (" + failures[0].getMessage() + ") nor the secondary '" + spec.secondary().name() + "' at "
                            + spec.secondary().qmpConnect() + " (" + failures[1].getMessage() + "): are their QEMUs running,"
                            + " and are the QMP endpoints reachable from here?", failures[0]);
            e.addSuppressed(failures[1]);
            throw e;
        }
        return new ColoPair(spec, options, new PairConnections(spec, options.timeouts().probe(),
                clients[0], failures[0], clients[1], failures[1]), true);
    }

    /** A pair over connections the caller opened and keeps ownership of ({@link #close()} leaves them open). */
    public static ColoPair of(ColoPairSpec spec, QmpClient primary, QmpClient secondary) {
        return of(spec, primary, secondary, ColoTimeouts.defaults());
    }

    /** {@link #of(ColoPairSpec, QmpClient, QmpClient)} with these timeouts. */
    public static ColoPair of(ColoPairSpec spec, QmpClient primary, QmpClient secondary, ColoTimeouts timeouts) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        logWarnings(spec);
        ColoPairOptions options = ColoPairOptions.defaults().withQmp(primary.options()).withTimeouts(timeouts);
        return new ColoPair(spec, options, new PairConnections(spec, timeouts.probe(), primary, null, secondary, null), false);
    }

    /** The spec's warnings (plain-text channels, mixed QEMU builds) at WARN, once per pair. */
    private static void logWarnings(ColoPairSpec spec) {
        spec.warnings().forEach(w -> log.warn("{}: {}", w.field(), w.message()));
    }

    public ColoPairSpec spec() {
        return spec;
    }

    /** The options this pair runs with. */
    public ColoPairOptions options() {
        return options;
    }

    /**
     * The open QMP connection of the node in {@code role}.
     *
     * @throws ColoNodeUnreachableException if that node could not be connected or its connection closed
     */
    public QmpClient qmp(Role role) {
        return connections.require(Objects.requireNonNull(role, "role"), "qmp(" + role + ")");
    }

    /** Whether the node in {@code role} has an open QMP connection. */
    public boolean isReachable(Role role) {
        return connections.isOpen(Objects.requireNonNull(role, "role"));
    }

    /**
     * Calls {@code listener} with every {@link PairEvent} from either node (on a colo4j thread) until
     * the subscription is closed. Events that colo4j's own start, failover and resume cause carry
     * {@link PairEvent#duringOperation()}.
     */
    public QmpSubscription onEvent(java.util.function.Consumer<? super PairEvent> listener) {
        return connections.onEvent(listener);
    }

    // ------------------------------------------------------------------ preflight

    /**
     * Checks both nodes without changing anything: QEMU versions (known-broken releases), the COLO
     * features in each schema, the run states the start needs (primary paused with {@code -S},
     * secondary {@code inmigrate} and not yet listening), that the live disks' virtual sizes match,
     * that the proxy's chardevs use the spec's ports and the secondary's reached the primary, and with
     * TLS that each node has the spec's credential objects loaded.
     * A node that cannot be reached is a failed check.
     */
    public PreflightReport preflight() {
        PreflightReport report = new Preflight(connections, options.timeouts().chardevConnect()).run();
        log.info("preflight {}: {} checks, {} failed", report.passed() ? "passed" : "FAILED", report.checks().size(),
                report.failures().size());
        log.debug("{}", report);
        return report;
    }

    // ------------------------------------------------------------------ start

    /**
     * Starts COLO: runs {@link #preflight()} and refuses to change anything if it fails; then on the
     * secondary x-colo, the incoming migration, the NBD server and exports; on the primary the
     * replication children, x-colo, the checkpoint delay and {@code migrate}. Returns once both nodes
     * report COLO and the primary runs.
     *
     * @throws PreflightFailedException if preflight failed (nothing was changed)
     * @throws ColoStepException naming the step that failed (or the wait that did not end well: a
     *     node died, the migration failed or completed without COLO, {@link ColoTimeouts#start()}
     *     passed) and both nodes' state
     */
    public StartReport start() {
        PreflightReport preflight = preflight();
        if (!preflight.passed()) {
            throw new PreflightFailedException(preflight);
        }
        long t0 = System.nanoTime();
        List<StepResult> done = new ArrayList<>();
        connections.operating = true;
        try {
            QmpClient secondary = connections.require(Role.SECONDARY, "start");
            List<ColoStep> plan = new ArrayList<>(ColoSequences.secondaryStart(spec, secondary.greeting().version(),
                    secondary.execute(new QueryBlock())));
            plan.addAll(ColoSequences.primaryStart(spec));
            try {
                steps.run("start", plan, done);
                awaitColo("start", done, options.timeouts().start());
            } catch (RuntimeException e) {
                undoStart(e);
                throw e;
            }
            connections.replicating = true;
        } finally {
            connections.operating = false;
        }
        StartReport report = new StartReport(preflight, done, Duration.ofNanos(System.nanoTime() - t0), status());
        log.info("COLO started in {} ms", report.total().toMillis());
        log.debug("{}", report);
        return report;
    }

    /**
     * After a failed start: unless the primary reached COLO (then fail over instead), detach and delete
     * the replication children it got, so that start can run again with a fresh secondary. Best effort:
     * what fails is added to {@code failure} as suppressed.
     */
    private void undoStart(RuntimeException failure) {
        if (!connections.isOpen(Role.PRIMARY)) {
            return;
        }
        try {
            NodeStatus p = NodeProbe.status(connections, Role.PRIMARY, options.timeouts().probe());
            if (p.mode() == ColoMode.PRIMARY) {
                return; // COLO runs on the primary: the caller fails over onto it
            }
            QmpClient primary = connections.client(Role.PRIMARY);
            LiveBlockGraph graph = readGraph(primary);
            steps.run("undo the failed start", ColoSequences.replicationChildrenTeardown(spec, graph), new ArrayList<>());
            log.info("start failed; removed the primary's replication children so that start can be retried");
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Waits until both nodes report COLO and the primary runs, failing at once when a node's
     * connection closes, a guest fails, or the primary's migration ends otherwise than in COLO.
     */
    private void awaitColo(String operation, List<StepResult> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PairWatch watch = new PairWatch(connections)) {
            while (true) {
                ColoStatus s = NodeProbe.status(connections, options.timeouts().probe());
                if (s.isReplicating() && s.primary().runState() == RunState.RUNNING) {
                    return;
                }
                Optional<String> why = whyColoCannotStart(s);
                if (why.isPresent()) {
                    throw new ColoStepException(operation, null, done, s, new ColoException(why.get()));
                }
                if (System.nanoTime() > deadline) {
                    throw new ColoStepException(operation, null, done, s,
                            new ColoException("the pair did not reach COLO within " + timeout + " (ColoTimeouts.start)"));
                }
                watch.awaitChange(10, "the pair to reach COLO (" + operation + ")");
            }
        }
    }

    private Optional<String> whyColoCannotStart(ColoStatus s) {
        for (Role role : Role.values()) {
            NodeStatus n = s.node(role);
            if (!connections.isOpen(role)) {
                return Optional.of("the " + role + " '" + n.name() + "' went away: its QMP connection closed (QEMU exited or was killed)");
            }
            if (n.isFailed()) {
                return Optional.of("the " + role + " '" + n.name() + "' failed: run state " + Preflight.wire(n.runState()));
            }
        }
        MigrationStatus m = s.primary().migration();
        if (m == MigrationStatus.FAILED || m == MigrationStatus.CANCELLED || m == MigrationStatus.CANCELLING) {
            return Optional.of("the primary's migration " + Preflight.wire(m) + " before COLO started (is the secondary"
                    + " still there? its QEMU log says why it refused the stream)");
        }
        if (m == MigrationStatus.COMPLETED) {
            return Optional.of("the primary's migration completed as a plain migration where COLO was due: this QEMU ("
                    + connections.client(Role.PRIMARY).greeting().version() + ") did not enter COLO after migrate with"
                    + " x-colo (the regression of QEMU 10.0.0-10.0.6 and 10.1.0-10.1.2, or x-colo was not set)");
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ status

    /**
     * Both nodes' run state, COLO mode/last mode/reason and migration status, queried at the same time;
     * a node without an open connection, or that does not answer within the QMP command timeout, is
     * reported unreachable.
     */
    public ColoStatus status() {
        return NodeProbe.status(connections, options.qmp().commandTimeout());
    }

    /** One node's status (unreachable if its QMP connection is gone or it does not answer in time). */
    public NodeStatus nodeStatus(Role role) {
        return NodeProbe.status(connections, Objects.requireNonNull(role, "role"), options.qmp().commandTimeout());
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
         * redirectors and their chardevs removed) and runs on alone. Needs only the secondary.
         * Repeating it after it succeeded is harmless.
         *
         * @throws ColoNodeUnreachableException if the secondary cannot be reached
         * @throws FailoverRefusedException if the secondary never reached COLO (nothing was changed)
         * @throws ColoStepException naming the step that failed and the pair's state
         */
        public FailoverReport onSecondary() {
            return failOver(Role.SECONDARY, qmp -> ColoSequences.secondaryFailover(spec, qmp.greeting().version()),
                    qmp -> PeerYank.tryYank(qmp, null, options.timeouts().probe()));
        }

        /**
         * The secondary died: the primary yanks (out of band) its connections to the secondary, drops
         * its replication children and its proxy, leaves COLO and runs on alone. Needs only the
         * primary; works when the secondary hangs or the link between them dropped silently.
         * Repeating it after it succeeded is harmless.
         *
         * @throws ColoNodeUnreachableException if the primary cannot be reached
         * @throws FailoverRefusedException if the primary never reached COLO (nothing was changed)
         * @throws ColoStepException naming the step that failed and the pair's state
         */
        public FailoverReport onPrimary() {
            java.util.concurrent.atomic.AtomicReference<LiveBlockGraph> graph = new java.util.concurrent.atomic.AtomicReference<>();
            return failOver(Role.PRIMARY, qmp -> {
                graph.set(readGraph(qmp));
                return ColoSequences.primaryFailover(spec, qmp.greeting().version(), graph.get());
            }, qmp -> PeerYank.tryYank(qmp, graph.get(), options.timeouts().probe()));
        }
    }

    /** The primary's block graph, yanking the peer first if QEMU's main loop does not answer. */
    private LiveBlockGraph readGraph(QmpClient qmp) {
        Duration probe = options.timeouts().probe();
        try {
            LiveBlockGraph graph = LiveBlockGraph.read(qmp, probe);
            PeerYank.tryYank(qmp, graph, probe);
            return graph;
        } catch (QmpException slow) {
            log.warn("the primary's block graph did not come within {} ({}): yanking every NBD client and the migration",
                    probe, slow.getMessage());
            PeerYank.tryYank(qmp, null, probe);
            return LiveBlockGraph.read(qmp, options.timeouts().teardownStep());
        }
    }

    private FailoverReport failOver(Role role, Function<QmpClient, List<ColoStep>> plan, java.util.function.Consumer<QmpClient> again) {
        String operation = "failover on the " + role;
        QmpClient qmp = connections.require(role, operation);
        long t0 = System.nanoTime();
        NodeStatus before = NodeProbe.status(connections, role, options.timeouts().probe());
        if (!before.reachable() && again != null && connections.isOpen(role)) {
            // A node whose peer hangs may already be stuck on it (the primary flushing to its NBD child,
            // the secondary in the checkpoint stream): yank, then ask again.
            PeerYank.tryYank(qmp, null, options.timeouts().probe());
            before = NodeProbe.status(connections, role, options.timeouts().teardownStep());
        }
        if (!before.reachable()) {
            throw new ColoNodeUnreachableException(role, before.name(), operation + ": the " + role + " '" + before.name()
                    + "' did not answer within " + options.timeouts().probe() + " (ColoTimeouts.probe): is its QEMU frozen?", null);
        }
        if (before.isFailed()) {
            throw new FailoverRefusedException(operation + " refused: the " + role + "'s guest has failed (" + before
                    + "); it cannot carry on", before);
        }
        if (before.mode() == ColoMode.NONE && before.lastMode() == ColoMode.NONE && before.runState() != RunState.RUNNING) {
            throw new FailoverRefusedException(operation + " refused: the " + role + " '" + before.name() + "' never reached"
                    + " COLO, so it holds no consistent copy of the guest (" + before + "); start the pair first", before);
        }
        connections.operating = true;
        connections.replicating = false;
        connections.failedOverOnto = role;
        try {
            List<StepResult> done = new ArrayList<>();
            long deadline = t0 + options.timeouts().failover().toNanos();
            StepRunner.Patience patience = again == null ? null : new StepRunner.Patience(options.timeouts().teardownStep(),
                    deadline, () -> again.accept(qmp));
            List<ColoStep> teardown;
            try {
                teardown = plan.apply(qmp);
            } catch (QmpException e) {
                throw steps.failed(operation, null, done, e);
            }
            steps.run(operation, teardown, done, ResyncListener.NONE, patience);
            FailoverReport report = awaitAlone(role, operation, done, t0, deadline);
            this.survivor = role;
            log.info("failover on the {} done in {} ms: {}", role, report.total().toMillis(), report.status());
            log.debug("{}", report);
            return report;
        } finally {
            connections.operating = false;
        }
    }

    private FailoverReport awaitAlone(Role role, String operation, List<StepResult> done, long t0, long deadline) {
        long pausedSince = 0;
        try (PairWatch watch = new PairWatch(connections)) {
            while (true) {
                NodeStatus s = NodeProbe.status(connections, role, options.timeouts().probe());
                if (s.isRunningAlone()) {
                    return new FailoverReport(role, done, Duration.ofNanos(System.nanoTime() - t0), s);
                }
                if (!connections.isOpen(role) || s.isFailed()) {
                    throw new ColoStepException(operation, null, done, NodeProbe.status(connections, options.timeouts().probe()),
                            new ColoException("the " + role + " " + (s.isFailed() ? "failed" : "went away") + " during the failover: " + s));
                }
                if (s.reachable() && s.mode() == ColoMode.NONE && s.runState() != RunState.RUNNING) {
                    // COLO has stopped but left the guest paused (e.g. it died mid-checkpoint): resume it.
                    pausedSince = pausedSince == 0 ? System.nanoTime() : pausedSince;
                    if (System.nanoTime() - pausedSince > Duration.ofMillis(500).toNanos()) {
                        steps.run(operation, List.of(ColoStep.execute(role, "resume the guest COLO left paused", new Cont())), done);
                        pausedSince = 0;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new ColoStepException(operation, null, done, NodeProbe.status(connections, options.timeouts().probe()),
                            new ColoException("the " + role + " did not report COLO mode none and running within "
                                    + options.timeouts().failover() + " (ColoTimeouts.failover); last: " + s));
                }
                watch.awaitChange(5, "the " + role + " to run alone");
            }
        }
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
     *
     * @throws IllegalStateException if no failover has happened on this pair
     */
    public ColoPair resumeReplication(ColoNode newSecondary) {
        Role s = requireSurvivor();
        return resumeReplication(spec.afterFailover(s, newSecondary, spec.disks()), ResyncListener.NONE);
    }

    /**
     * After either failover, brings replication back with a fresh secondary that the caller started
     * with {@code next.secondaryArgv()} ({@code next} from {@link ColoPairSpec#afterFailover}). On the
     * new secondary: x-colo, incoming migration, NBD exports. On the survivor, now the primary: the
     * primary's chardevs if it was a secondary, or, if it was the primary, its server chardevs that the
     * secondary connects to removed and added again (see below); a full mirror of every disk to the new exports,
     * reported to {@code progress}; stop and cancel the mirrors; the replication children; the proxy
     * objects (inserted before {@code rew0} if it was a secondary); x-colo and migrate. Returns once
     * both report COLO. Fails at once when the new secondary dies, a resync job fails or vanishes, or
     * the migration fails.
     *
     * <p>The mirror jobs use this pair's {@link ColoPairOptions#resyncMirror()}: granularity 1 MiB and
     * buf-size 64 MiB unless set otherwise (why: {@link org.colo4j.blockgraph.MirrorSettings#defaults()}).
     *
     * <p>Why the listeners are renewed: after {@code failover().onPrimary()} nothing reads those chardevs,
     * so one that a secondary connected to after the failover stays connected to it when it dies (a new
     * secondary started and killed before this call, a resume that failed). Adding colo-compare on
     * such a chardev crashed QEMU 7.2.22 (segfault in the main thread while the compare's iothread
     * dropped the stale connection; BENCHMARKS.md, "Resync", run 3). The new secondary's chardevs
     * reconnect within their reconnect interval ({@code ColoProxy} reconnect, 1 s by default).
     *
     * <p>The returned pair takes over the survivor's connection; this pair should then only be closed.
     *
     * @throws IllegalStateException if no failover has happened on this pair
     * @throws IllegalArgumentException if {@code next.primary()} is not the survivor
     * @throws ColoNodeUnreachableException if the survivor or the new secondary cannot be reached
     * @throws PreflightFailedException if the new secondary was not started with {@code next.secondaryArgv()}
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
        QmpClient primary = connections.require(survived, "resumeReplication");
        QmpClient secondary;
        try {
            secondary = QmpClient.connect(next.secondary().qmpConnect(), primary.options().withName(next.secondary().name()));
        } catch (QmpException e) {
            throw new ColoNodeUnreachableException(Role.SECONDARY, next.secondary().name(), "resumeReplication needs the new"
                    + " secondary '" + next.secondary().name() + "', but its QMP endpoint " + next.secondary().qmpConnect()
                    + " does not answer (" + e.getMessage() + "): start it with next.secondaryArgv() first", e);
        }
        ColoPair nextPair = new ColoPair(next, options, new PairConnections(next, options.timeouts().probe(),
                primary, null, secondary, null), false);
        nextPair.connections.operating = true;
        try {
            RunState state = secondary.execute(new QueryStatus()).status();
            if (state != RunState.INMIGRATE) {
                throw new PreflightFailedException(new PreflightReport(List.of(new PreflightReport.Check(Role.SECONDARY,
                        "run state", false, Preflight.wire(state) + "; expected inmigrate: start it with next.secondaryArgv()"))));
            }
            PreflightReport.Check incoming = Preflight.incomingCheck(secondary.execute(new QueryMigrate()), "next.secondaryArgv()");
            if (!incoming.passed()) {
                throw new PreflightFailedException(new PreflightReport(List.of(incoming)));
            }
            long t0 = System.nanoTime();
            List<StepResult> done = new ArrayList<>();
            org.colo4j.qmp.QemuVersion version = primary.greeting().version();
            nextPair.steps.run("resume: new secondary", ColoSequences.secondaryStart(next, secondary.greeting().version(),
                    secondary.execute(new QueryBlock())), done);
            nextPair.steps.run("resume: resync", ColoSequences.resumeResync(next, survived, version, options.timeouts().resync(), options.resyncMirror()),
                    done, progress, null);
            nextPair.steps.run("resume: replication", ColoSequences.resumeReplication(spec, next, survived, version), done);
            nextPair.awaitColo("resume", done, options.timeouts().resume());
            nextPair.connections.replicating = true;
            nextPair.connections.operating = false;
            log.info("replication resumed in {} ms: {}", Duration.ofNanos(System.nanoTime() - t0).toMillis(), nextPair.status());
        } catch (RuntimeException e) {
            RuntimeException failure = e;
            if (e instanceof org.colo4j.qmp.QmpConnectionClosedException || e instanceof org.colo4j.qmp.QmpTimeoutException) {
                // The new secondary died or hung while resumeReplication read its state, before a step ran.
                failure = new ColoNodeUnreachableException(Role.SECONDARY, next.secondary().name(), "resumeReplication:"
                        + " the new secondary '" + next.secondary().name() + "' at " + next.secondary().qmpConnect()
                        + " stopped answering before the resync began (" + e.getMessage() + "); the survivor runs"
                        + " alone: start a new secondary and resume again", e);
            }
            nextPair.undoResume(failure, survived);
            nextPair.close();
            secondary.close();
            throw failure;
        }
        nextPair.ownsClients = ownsClients;
        if (ownsClients) {
            QmpClient old = connections.client(survived.other());
            if (old != null) {
                old.close();
            }
            ownsClients = false;
        }
        connections.close(false);
        return nextPair;
    }

    /**
     * After a failed resume, on this (the next) pair: brings the survivor back to running alone, as a
     * failover on the primary would (yank, replication children, the proxy objects and chardevs the
     * resume added, leave COLO, resume the guest), so that the resume can be retried with another
     * secondary. Best effort: what fails is added to {@code failure} as suppressed.
     */
    private void undoResume(RuntimeException failure, Role survived) {
        if (!connections.isOpen(Role.PRIMARY)) {
            return;
        }
        connections.operating = false;
        try {
            FailoverReport r = failover().onPrimary();
            if (survived == Role.SECONDARY) {
                // A promoted secondary got the primary's chardevs from the resume, not from its argv.
                List<ColoStep> chardevs = new ArrayList<>();
                for (org.colo4j.netfilter.SocketChardev c : spec.proxy().primary().chardevs()) {
                    chardevs.add(ColoStep.teardown(Role.PRIMARY, "remove chardev " + c.id() + " the resume added",
                            new org.colo4j.qmp.command.ChardevRemove(c.id()), "Chardev '" + c.id() + "' not found"));
                }
                steps.run("undo the failed resume", chardevs, new ArrayList<>());
            }
            log.info("resume failed; the survivor runs alone again: {}", r.status());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private Role requireSurvivor() {
        Role s = survivor;
        if (s == null) {
            throw new IllegalStateException("resumeReplication needs a failover first: call failover().onSecondary()"
                    + " or failover().onPrimary() when a node has died");
        }
        return s;
    }

    /** Closes both QMP connections if this pair opened them; the QEMUs keep running. */
    @Override
    public void close() {
        connections.close(ownsClients);
    }

    @Override
    public String toString() {
        return "ColoPair{" + spec.primary().name() + (connections.isOpen(Role.PRIMARY) ? "" : " (unreachable)") + " -> "
                + spec.secondary().name() + (connections.isOpen(Role.SECONDARY) ? "" : " (unreachable)")
                + (connections.replicating ? ", replicating" : "") + "}";
    }
}
