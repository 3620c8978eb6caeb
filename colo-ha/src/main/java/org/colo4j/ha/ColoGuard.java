package org.colo4j.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.FailoverReport;
import org.colo4j.Role;
import org.colo4j.qmp.command.MigrateSetParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a COLO pair and fails it over by itself: detects a failed node, decides from what the nodes
 * report which one carries on, wins the pair's next epoch from an {@link Arbiter}, fences the other
 * node and runs {@code failover().onPrimary()} or {@code onSecondary()}. Every step is a
 * {@link GuardEvent}.
 *
 * <pre>{@code
 * ColoPair pair = ColoPair.connect(spec);
 * pair.start();
 * try (ColoGuard guard = ColoGuard.builder(pair)
 *         .onEvent(e -> log.info("{}", e))          // every signal, decision and step, typed
 *         .build()
 *         .start()) {                               // the pair must be in COLO (or already alone)
 *     ...                                           // kill a node: the guard fails over by itself
 * }
 * }</pre>
 *
 * <h2>Two ways to run it</h2>
 * <ul>
 *   <li><b>One controller</b> (the default): the guard holds both nodes' QMP connections and
 *       controls both; its arbiter is an {@link InProcessArbiter} unless given.</li>
 *   <li><b>One agent per host</b> ({@link Builder#controlling(Role)}): each host runs a guard that
 *       controls only its local QEMU (its pair may have the peer unreachable) and learns of the peer
 *       through a shared arbiter ({@code ZooKeeperArbiter} in colo-ha-zookeeper); its member name is
 *       its node's name.</li>
 * </ul>
 *
 * <h2>Signals</h2>
 * A node's QMP connection closing; {@code COLO_EXIT} with reason {@code error}; a liveness query
 * ({@code query-status}) unanswered for {@link GuardOptions#probeTimeout()}; no {@code RESUME} for
 * {@link GuardOptions#checkpointStall} while in COLO; run state {@code internal-error},
 * {@code guest-panicked} or {@code shutdown}; {@link GuardOptions#diskErrorThreshold()} disk errors in
 * the window; the peer's arbiter session ending (agents). Events of colo4j's own procedures
 * ({@code PairEvent.duringOperation()}) are ignored. A signal starts a decision; it never decides by
 * itself ({@code COLO_EXIT {secondary, error}} reaches the secondary both when its own replication
 * failed and when the primary died).
 *
 * <h2>Decision rules</h2>
 * The guard asks every node it controls ({@code query-status} and {@code query-colo-status} within
 * the probe timeout) and finds each {@link NodeHealth.State#REPLICATING}, {@code COLO_BROKEN} (answers
 * in COLO but COLO broke: a COLO error, a stall, its replication child failing), {@code ALONE},
 * {@code FAILED}, {@code UNRESPONSIVE} or {@code GONE}. One controller:
 * <ul>
 *   <li>R0: a node already runs alone: nothing to do.</li>
 *   <li>R1: the primary is down (failed, unresponsive, gone) and the secondary can carry on: fence the
 *       primary, fail over onto the secondary.</li>
 *   <li>R2: the secondary is down and the primary can carry on: fence the secondary, fail over onto
 *       the primary.</li>
 *   <li>R3: both answer but COLO broke between them (a link lost): <b>the primary carries on</b> (it
 *       holds the newest state and its output is the one that was released), the secondary is
 *       fenced. Exactly one survivor.</li>
 *   <li>R4: neither can carry on: nothing to do (an operator restarts the guest from the newest disk).</li>
 *   <li>R5: both answer and replicate: a false alarm.</li>
 * </ul>
 * An agent decides for its local node only:
 * <ul>
 *   <li>A1: the local node is down: fence it if it still answers and leave the arbitration, so the
 *       peer takes over at once instead of waiting for a session to expire.</li>
 *   <li>A2: COLO broke on the local node: if the peer's guard is gone, or the local node is the
 *       primary, claim the next epoch at once; the secondary first leaves the primary
 *       {@link GuardOptions#secondaryGrace()} to claim, then claims itself. The arbiter's
 *       compare-and-set lets exactly one claim win.</li>
 *   <li>A3: the local node replicates: nothing to do, even if the peer's guard left (its QEMU still
 *       replicates, so it is alive so far). If the peer's guard left and the local node is the
 *       primary, the guard makes it checkpoint at once (by setting {@code x-checkpoint-delay} to the
 *       spec's value again), so that a secondary that died with its guard breaks COLO now, not at the
 *       next scheduled checkpoint.</li>
 *   <li>A4: the local node already runs alone: nothing to do.</li>
 * </ul>
 * A failover then: claims the next epoch (lost: fence the nodes this guard controls and halt); calls
 * the {@link SelfFence} for each node to fence that this guard controls and the {@link Fencer} for
 * each node to fence (a Fencer that throws halts the guard without failing over); fails over.
 *
 * <h2>At most one node runs alone</h2>
 * F1: a guard whose arbiter session is lost fences every node it controls at once and halts.
 * F2: a guard that sees an epoch newer than its own, owned by another node, fences every node it
 * controls except that owner, and halts. A guard that cannot reach its arbiter when it must claim
 * fences its nodes instead of failing over.
 *
 * <h2>Failback</h2>
 * {@link #failback(ColoPairSpec)} resumes replication towards a fresh secondary (one controller);
 * with {@link GuardOptions#autoFailback()} and a {@link FailbackPlanner}, a replacement announced
 * through the arbiter ({@link ArbiterSession#announceReplacement}) does the same by itself. The guard
 * then watches the new pair. Progress is reported as {@link GuardEvent.FailbackProgress}.
 *
 * <p>Thread-safe. Listeners are called on the guard's threads and QMP threads: keep them quick.
 * Closing the guard leaves the pair (see {@link #pair()}) open and its QEMUs running.
 */
public final class ColoGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ColoGuard.class);
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    /** Where a guard is in its life. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** Watching a pair in COLO. */
        WATCHING,
        /** Claiming, fencing, failing over or failing back. */
        ACTING,
        /** The pair failed over: {@link #survivor()} runs alone. */
        ALONE,
        /** The guard fenced its nodes or could not act safely, and does nothing more. */
        HALTED,
        /** Closed. */
        CLOSED
    }

    private final GuardOptions options;
    private final Arbiter arbiter;
    private final boolean ownsArbiter;
    private final Fencing fencing;
    private final FailbackPlanner planner;
    private final String member;
    /** An agent's node name (it keeps it through failovers and failbacks, whatever its role); empty for a controller. */
    private final Set<String> controlled;
    private final boolean agent;
    private final GuardListeners listeners;
    private final ExecutorService decider;
    private final ScheduledExecutorService ticker;
    private final Object epochLock = new Object();
    /** Set by the first path that finds this guard's authority gone (lost claim, newer epoch, lost session): it alone fences. */
    private final java.util.concurrent.atomic.AtomicBoolean authorityGone = new java.util.concurrent.atomic.AtomicBoolean();

    private volatile ColoPair pair;
    private volatile SignalWatch watch;
    private volatile State state = State.NEW;
    private volatile Epoch epoch = Epoch.INITIAL;
    private volatile ArbiterSession session;
    private volatile Role survivor;
    private volatile long incidentStart;
    private volatile long graceDeadline;
    private volatile ScheduledFuture<?> tickTask;

    private ColoGuard(Builder b) {
        this.pair = b.pair;
        this.options = b.options;
        this.ownsArbiter = b.arbiter == null;
        this.arbiter = b.arbiter == null ? new InProcessArbiter() : b.arbiter;
        this.fencing = new Fencing(b.fencer, b.selfFence, b.options.probeTimeout(), this::emit);
        this.planner = b.planner;
        this.agent = b.local != null;
        this.controlled = agent ? Set.of(b.pair.spec().node(b.local).name()) : Set.of();
        this.member = agent ? b.pair.spec().node(b.local).name()
                : b.member != null ? b.member : "guard-" + b.pair.spec().primary().name() + "+" + b.pair.spec().secondary().name();
        this.listeners = new GuardListeners(member, b.listeners);
        this.decider = Executors.newSingleThreadExecutor(r -> daemon(r, "colo4j-guard-" + member));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "colo4j-guard-probe-" + member));
    }

    /** A builder for a guard of {@code pair} (connected, and started unless a failover already happened). */
    public static Builder builder(ColoPair pair) {
        return new Builder(Objects.requireNonNull(pair, "pair"));
    }

    // ------------------------------------------------------------------ accessors

    /** The pair being guarded: the one given, or the one a failback returned. */
    public ColoPair pair() {
        return pair;
    }

    public State state() {
        return state;
    }

    /** The epoch this guard is in (the last it adopted or won). */
    public Epoch epoch() {
        return epoch;
    }

    /** The role that carries on after this guard's failover, or null before one. */
    public Role survivor() {
        return survivor;
    }

    /** This guard's name in the arbitration (an agent's: its node's name). */
    public String member() {
        return member;
    }

    public GuardOptions options() {
        return options;
    }

    /** The roles this guard controls in its current pair. */
    public Set<Role> controlledRoles() {
        if (!agent) {
            return EnumSet.allOf(Role.class);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) {
            if (controlled.contains(pair.spec().node(r).name())) {
                roles.add(r);
            }
        }
        return roles;
    }

    /** Calls {@code listener} with every {@link GuardEvent} from now on, until the returned handle is closed. */
    public AutoCloseable onEvent(Consumer<? super GuardEvent> listener) {
        return listeners.add(listener);
    }

    // ------------------------------------------------------------------ start

    /**
     * Joins the arbitration, adopts its epoch, checks the nodes this guard controls and starts watching.
     * Each must be in COLO in its role, or down (gone, unresponsive, failed) while another is in COLO:
     * the guard then decides about the down node at once (a controller restarted after a node died
     * fails over). If one already runs alone after a failover (whatever the other's state), the guard
     * starts {@link State#ALONE} if the arbiter's epoch is owned by that node or still initial (it then
     * claims it for the node), and fences the node otherwise.
     *
     * @return this guard
     * @throws IllegalStateException if started twice
     * @throws ArbiterException if the arbiter cannot be joined
     * @throws GuardException if no controlled node runs alone or replicates, one was never started, or
     *     both run alone (nothing was changed)
     */
    public ColoGuard start() {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("the guard is " + state + "; a guard starts once");
            }
            state = State.ACTING;
        }
        session = arbiter.join(member, this::onArbiterEvent);
        try {
            epoch = session.epoch();
            Set<Role> roles = controlledRoles();
            StartFindings findings = StartFindings.of(assess(roles, null), roles);
            List<NodeHealth> alone = findings.alone();
            List<NodeHealth> down = findings.down();
            watch = new SignalWatch(pair, roles, options, this::onSignal, this::emit);
            emit(new GuardEvent.Watching(member, roles, epoch, Instant.now()));
            if (alone.isEmpty()) {
                state = State.WATCHING;
                for (NodeHealth h : down) {
                    onSignal(Signal.of(h.role(), h.node(), h.state() == NodeHealth.State.GONE ? Signal.Kind.CONNECTION_CLOSED
                            : h.state() == NodeHealth.State.UNRESPONSIVE ? Signal.Kind.UNRESPONSIVE : Signal.Kind.GUEST_STOPPED,
                            "found so at start: " + h.detail()));
                }
            } else {
                watch.replicating = false;
                adoptSurvivor(alone.get(0));
            }
        } catch (RuntimeException e) {
            session.close();
            state = State.CLOSED;
            throw e;
        }
        long interval = options.probeInterval().toMillis();
        tickTask = ticker.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        return this;
    }

    /** A node found running alone at start: keep it if the epoch is its own, claim for it if none was won, else fence it. */
    private void adoptSurvivor(NodeHealth alone) {
        if (epoch.number() > 0 && !epoch.owner().equals(alone.node())) {
            fenceControlled(List.of(alone.role()), "it runs alone but the arbiter's " + epoch + " belongs to another node");
            halt("the " + alone.role() + " " + alone.node() + " ran alone without the epoch and was fenced");
            return;
        }
        if (epoch.number() == 0) {
            Signal s = Signal.of(alone.role(), alone.node(), Signal.Kind.NEWER_EPOCH,
                    "found running alone at start with no epoch won: claiming one for it");
            Decision d = new Decision(Decision.Action.FAIL_OVER, alone.role(), List.of(),
                    "R0 a node already runs alone: record it as the epoch's owner", List.of(alone));
            emit(new GuardEvent.Decided(d, s, alone.took(), Instant.now()));
            if (!claim(alone.role(), d)) {
                return;
            }
        }
        survivor = alone.role();
        state = State.ALONE;
    }

    // ------------------------------------------------------------------ signals and decisions

    private void tick() {
        try {
            SignalWatch w = watch;
            State s = state;
            if (w != null && (s == State.WATCHING || s == State.ALONE)) {
                w.tick();
            }
        } catch (RuntimeException e) {
            log.warn("guard {}: probe round failed", member, e);
        }
    }

    private void onSignal(Signal s) {
        State st = state;
        if (st == State.CLOSED || st == State.HALTED) {
            return;
        }
        emit(new GuardEvent.SignalSeen(s));
        if (incidentStart == 0) {
            incidentStart = System.nanoTime();
        }
        submit(() -> decide(s));
    }

    private void decide(Signal s) {
        State st = state;
        if (st == State.ALONE) {
            emit(new GuardEvent.Ignored(s.toString(), "the pair already failed over onto the " + survivor
                    + ": nothing left to fail over to", Instant.now()));
            return;
        }
        if (st != State.WATCHING) {
            return;
        }
        long t0 = System.nanoTime();
        Set<Role> roles = controlledRoles();
        List<NodeHealth> found = assess(roles, watch);
        boolean peerPresent = true;
        if (agent) {
            Role peer = roles.iterator().next().other();
            try {
                peerPresent = session.isPresent(pair.spec().node(peer).name());
            } catch (ArbiterException e) {
                log.warn("guard {}: cannot ask the arbiter whether the peer is present: {}", member, e.getMessage());
            }
        }
        boolean graceOver = graceDeadline != 0 && System.nanoTime() >= graceDeadline;
        Decision d = DecisionRules.decide(found.get(0), found.get(1), roles, peerPresent, graceOver);
        if (d.action() != Decision.Action.NONE && d.action() != Decision.Action.WAIT && !beginActing()) {
            // The arbiter's thread fenced and halted this guard while it assessed (measured: an agent cut off from
            // ZooKeeper spent seconds asking whether the peer was present): acting now would undo the halt.
            emit(new GuardEvent.Ignored(s.toString(), "the guard " + state.name().toLowerCase(java.util.Locale.ROOT)
                    + " while it assessed; it does not act on " + d.rule(), Instant.now()));
            return;
        }
        emit(new GuardEvent.Decided(d, s, Duration.ofNanos(System.nanoTime() - t0), Instant.now()));
        switch (d.action()) {
            case NONE -> {
                incidentStart = 0;
                graceDeadline = 0;
                if (agent && !peerPresent && roles.contains(Role.PRIMARY) && found.get(0).state() == NodeHealth.State.REPLICATING) {
                    checkpointNow();
                }
                found.stream().filter(h -> h.state() == NodeHealth.State.ALONE && roles.contains(h.role())).findFirst()
                        .ifPresent(h -> {
                            survivor = h.role();
                            state = State.ALONE;
                            watch.replicating = false;
                        });
            }
            case WAIT -> {
                if (graceDeadline == 0) {
                    graceDeadline = System.nanoTime() + options.secondaryGrace().toNanos();
                    ticker.schedule(() -> submit(() -> decide(s)), options.secondaryGrace().toMillis() + 1, TimeUnit.MILLISECONDS);
                }
            }
            case RESIGN -> {
                state = State.ACTING;
                watch.replicating = false;
                // A frozen local node cannot confirm its fence: its commands are queued and the guard leaves at
                // once (measured: waiting for the frozen primary's stop kept the peer from taking over for 1 s).
                for (Role role : d.fence()) {
                    if (roles.contains(role)) {
                        fencing.self(pair, new FenceRequest(role, pair.spec().node(role).name(), epoch, d.rule()),
                                d.health().stream().noneMatch(h -> h.role() == role && h.state() == NodeHealth.State.UNRESPONSIVE));
                    }
                }
                session.close();
                halt("the local node is down: it was fenced and this guard left the arbitration, so the peer takes over");
            }
            case FAIL_OVER -> failOver(d);
            case FENCE -> {
                fenceControlled(d.fence(), d.rule());
                halt(d.rule());
            }
        }
    }

    private List<NodeHealth> assess(Set<Role> roles, SignalWatch w) {
        return HealthCheck.assess(pair, roles, w, options.probeTimeout());
    }

    private void failOver(Decision d) {
        state = State.ACTING;
        watch.replicating = false;
        Role target = d.survivor();
        if (!claim(target, d)) {
            return;
        }
        Set<Role> roles = controlledRoles();
        for (Role role : d.fence()) {
            FenceRequest request = new FenceRequest(role, pair.spec().node(role).name(), epoch, d.rule());
            if (roles.contains(role)) {
                fencing.self(pair, request, d.health().stream().noneMatch(h -> h.role() == role
                        && h.state() == NodeHealth.State.UNRESPONSIVE));
            }
            String failed = fencing.hasStonith() ? fencing.stonith(request) : null;
            if (failed != null) {
                halt("the Fencer could not fence the " + role + " " + request.node() + " (" + failed
                        + "): no failover, since it may still run");
                return;
            }
        }
        if (state != State.ACTING) {
            return;
        }
        FailoverReport report;
        try {
            report = target == Role.PRIMARY ? pair.failover().onPrimary() : pair.failover().onSecondary();
        } catch (RuntimeException e) {
            emit(new GuardEvent.ActionFailed("failover onto the " + target, e.toString(), Instant.now()));
            halt("the failover onto the " + target + " failed (" + e.getMessage() + "): an operator must finish it");
            return;
        }
        survivor = target;
        long since = incidentStart == 0 ? 0 : System.nanoTime() - incidentStart;
        incidentStart = 0;
        graceDeadline = 0;
        synchronized (this) {
            if (state == State.ACTING) {
                state = State.ALONE;
            }
        }
        emit(new GuardEvent.FailedOver(target, report, Duration.ofNanos(since), Instant.now()));
    }

    /** Claims the next epoch for {@code target}; on a loss or an unreachable arbiter, fences and halts. */
    private boolean claim(Role target, Decision d) {
        String owner = pair.spec().node(target).name();
        Epoch mine = epoch;
        EpochClaim claim;
        synchronized (epochLock) {
            try {
                claim = session.claim(mine, owner);
            } catch (ArbiterException e) {
                emit(new GuardEvent.ActionFailed("claim " + mine.next(owner), e.getMessage(), Instant.now()));
                if (!authorityGone.compareAndSet(false, true)) {
                    return false;
                }
                fenceControlled(new ArrayList<>(controlledRoles()), "the arbiter cannot be reached, so another node may win"
                        + " the epoch: no node of this guard may run alone");
                halt("the arbiter could not be reached to claim " + mine.next(owner));
                return false;
            }
            if (claim.won()) {
                epoch = claim.epoch();
            }
        }
        if (!claim.won()) {
            emit(new GuardEvent.EpochLost(mine, claim.epoch(), claim.took(), Instant.now()));
            lostTo(claim.epoch(), "F2 lost the claim for " + d.survivor() + " to " + claim.epoch());
            return false;
        }
        emit(new GuardEvent.EpochWon(claim.epoch(), claim.took(), Instant.now()));
        return true;
    }

    /**
     * Makes the local primary checkpoint at once (rule A3, the peer's guard gone): setting
     * {@code x-checkpoint-delay}, even to the value it has, starts a checkpoint in QEMU's COLO, which
     * fails at once if the secondary is gone, so its {@code COLO_EXIT} comes now instead of at the next
     * scheduled checkpoint. A live secondary just takes one checkpoint early. Sent without waiting.
     */
    private void checkpointNow() {
        try {
            pair.qmp(Role.PRIMARY).executeAsync(MigrateSetParameters.checkpointDelay(pair.spec().checkpointDelay()));
        } catch (RuntimeException e) {
            log.debug("guard {}: could not ask the primary for a checkpoint: {}", member, e.getMessage());
        }
    }

    /** Stops the guests of {@code roles} (controlled ones) through the {@link SelfFence}. */
    private void fenceControlled(List<Role> roles, String reason) {
        Set<Role> mine = controlledRoles();
        for (Role role : roles) {
            if (mine.contains(role)) {
                fencing.self(pair, new FenceRequest(role, pair.spec().node(role).name(), epoch, reason), true);
            }
        }
    }

    private void lostTo(Epoch current, String rule) {
        if (!authorityGone.compareAndSet(false, true)) {
            return;
        }
        List<Role> others = controlledRoles().stream()
                .filter(r -> !pair.spec().node(r).name().equals(current.owner())).toList();
        fenceControlled(others, rule);
        halt("another guard won " + current + ": this guard's nodes other than its owner were fenced");
    }

    /** WATCHING to ACTING, unless the guard halted, closed or acts already; whether it did. */
    private synchronized boolean beginActing() {
        if (state != State.WATCHING) {
            return false;
        }
        state = State.ACTING;
        return true;
    }

    private void halt(String why) {
        synchronized (this) {
            if (state == State.CLOSED || state == State.HALTED) {
                return;
            }
            state = State.HALTED;
        }
        SignalWatch w = watch;
        if (w != null) {
            w.replicating = false;
        }
        ScheduledFuture<?> t = tickTask;
        if (t != null) {
            t.cancel(false);
        }
        emit(new GuardEvent.Halted(why, Instant.now()));
    }

    // ------------------------------------------------------------------ arbiter

    private void onArbiterEvent(ArbiterEvent e) {
        if (state == State.CLOSED) {
            return;
        }
        if (e instanceof ArbiterEvent.SessionLost lost) {
            authorityLost(Signal.Kind.SESSION_LOST, lost.why(), null,
                    "F1 this guard's arbiter session is lost: another guard may win the next epoch at any moment");
        } else if (e instanceof ArbiterEvent.EpochChanged changed) {
            synchronized (epochLock) {
                if (!changed.epoch().isNewerThan(epoch)) {
                    return;
                }
            }
            authorityLost(Signal.Kind.NEWER_EPOCH, changed.epoch() + " is newer than this guard's " + epoch,
                    changed.epoch(), "F2 another guard won " + changed.epoch());
        } else if (e instanceof ArbiterEvent.MemberLeft left) {
            if (agent) {
                Role peer = controlledRoles().stream().findFirst().map(Role::other).orElse(null);
                if (peer != null && pair.spec().node(peer).name().equals(left.member())) {
                    onSignal(Signal.of(peer, left.member(), Signal.Kind.PEER_SESSION_ENDED,
                            "its guard left the arbitration or its session expired"));
                }
            }
        } else if (e instanceof ArbiterEvent.MemberJoined joined) {
            log.debug("guard {}: {} joined", member, joined.member());
        } else if (e instanceof ArbiterEvent.ReplacementAnnounced announced) {
            if (options.autoFailback() && planner != null) {
                submit(() -> autoFailback(announced.replacement()));
            } else {
                emit(new GuardEvent.Ignored("replacement " + announced.replacement().node() + " announced",
                        "automatic failback is off (GuardOptions.autoFailback and a FailbackPlanner)", Instant.now()));
            }
        }
    }

    /** F1/F2: fences at once, on the arbiter's thread, whatever the decider is doing. */
    private void authorityLost(Signal.Kind kind, String why, Epoch newer, String rule) {
        synchronized (this) {
            if (state == State.CLOSED || state == State.HALTED || !authorityGone.compareAndSet(false, true)) {
                return;
            }
            state = State.ACTING;
        }
        Signal s = new Signal(null, member, kind, why, Instant.now());
        emit(new GuardEvent.SignalSeen(s));
        List<Role> fence = controlledRoles().stream()
                .filter(r -> newer == null || !pair.spec().node(r).name().equals(newer.owner())).toList();
        emit(new GuardEvent.Decided(new Decision(Decision.Action.FENCE, null, fence, rule, List.of()), s, Duration.ZERO,
                Instant.now()));
        fenceControlled(fence, rule);
        halt(rule);
    }

    // ------------------------------------------------------------------ failback

    /**
     * Resumes replication towards a fresh secondary started with {@code next.secondaryArgv()}
     * ({@code next} from {@link ColoPairSpec#afterFailover}), then watches the new pair. Blocks until
     * done; progress arrives as {@link GuardEvent.FailbackProgress}.
     *
     * @return the new pair (also {@link #pair()} from now on)
     * @throws GuardException if the guard has not failed over (state not {@link State#ALONE})
     * @throws org.colo4j.ColoException from {@link ColoPair#resumeReplication}, the guard staying ALONE
     */
    public ColoPair failback(ColoPairSpec next) {
        Objects.requireNonNull(next, "next");
        Future<ColoPair> f = decider.submit(() -> doFailback(next, new Replacement(next.secondary().name(), "")));
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new GuardException("failback failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuardException("interrupted while failing back", e);
        }
    }

    private void autoFailback(Replacement replacement) {
        if (state != State.ALONE) {
            emit(new GuardEvent.Ignored("replacement " + replacement.node() + " announced", "this guard is " + state
                    + ", not running a survivor alone", Instant.now()));
            return;
        }
        try {
            doFailback(planner.next(pair.spec(), survivor, replacement), replacement);
        } catch (RuntimeException e) {
            log.warn("guard {}: automatic failback to {} failed", member, replacement.node(), e);
        }
    }

    private ColoPair doFailback(ColoPairSpec next, Replacement replacement) {
        synchronized (this) {
            if (state != State.ALONE) {
                throw new GuardException("failback needs a pair that failed over and runs alone; this guard is " + state);
            }
            state = State.ACTING;
        }
        emit(new GuardEvent.FailbackStarted(replacement, Instant.now()));
        long t0 = System.nanoTime();
        SignalWatch old = watch;
        old.close();
        ColoPair resumed;
        try {
            resumed = pair.resumeReplication(next, p -> emit(new GuardEvent.FailbackProgress(p, Instant.now())));
        } catch (RuntimeException e) {
            emit(new GuardEvent.ActionFailed("failback to " + replacement.node(), e.toString(), Instant.now()));
            watch = new SignalWatch(pair, controlledRoles(), options, this::onSignal, this::emit);
            watch.replicating = false;
            state = State.ALONE;
            throw e;
        }
        pair = resumed;
        survivor = null;
        watch = new SignalWatch(resumed, controlledRoles(), options, this::onSignal, this::emit);
        state = State.WATCHING;
        emit(new GuardEvent.FailbackDone(next.secondary().name(), Duration.ofNanos(System.nanoTime() - t0), Instant.now()));
        return resumed;
    }

    // ------------------------------------------------------------------ plumbing

    private void submit(Runnable r) {
        try {
            decider.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    emit(new GuardEvent.ActionFailed("deciding", e.toString(), Instant.now()));
                    log.error("guard {}: deciding failed", member, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("guard {} is closed: dropped a decision", member);
        }
    }

    private void emit(GuardEvent e) {
        listeners.emit(e);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Stops watching and leaves the arbitration (closing the arbiter too if the guard made its own).
     * Waits up to a second for a decision in progress. The pair stays open and its QEMUs keep running.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        ScheduledFuture<?> t = tickTask;
        if (t != null) {
            t.cancel(false);
        }
        ticker.shutdownNow();
        decider.shutdown();
        try {
            decider.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SignalWatch w = watch;
        if (w != null) {
            w.close();
        }
        ArbiterSession s = session;
        if (s != null) {
            s.close();
        }
        if (ownsArbiter) {
            arbiter.close();
        }
        emit(new GuardEvent.Stopped(Instant.now()));
    }

    @Override
    public String toString() {
        return "ColoGuard{" + member + ", " + state + ", " + epoch + (survivor == null ? "" : ", survivor " + survivor) + "}";
    }

    /** Builds a {@link ColoGuard}. Not thread-safe. */
    public static final class Builder {

        private final ColoPair pair;
        private GuardOptions options = GuardOptions.defaults();
        private Arbiter arbiter;
        private Fencer fencer = Fencer.NONE;
        private SelfFence selfFence = SelfFence.stopAndQuit();
        private FailbackPlanner planner;
        private Role local;
        private String member;
        private final List<Consumer<? super GuardEvent>> listeners = new ArrayList<>();

        private Builder(ColoPair pair) {
            this.pair = pair;
        }

        /** The thresholds (default {@link GuardOptions#defaults()}). */
        public Builder options(GuardOptions options) {
            this.options = options;
            return this;
        }

        /** The arbiter (default: a new {@link InProcessArbiter} of this guard's own, closed with it). */
        public Builder arbiter(Arbiter arbiter) {
            this.arbiter = arbiter;
            return this;
        }

        /** STONITH for the node failed over away from (default {@link Fencer#NONE}). */
        public Builder fencer(Fencer fencer) {
            this.fencer = fencer;
            return this;
        }

        /** How the guard stops a node it controls (default {@link SelfFence#stopAndQuit()}). */
        public Builder selfFence(SelfFence selfFence) {
            this.selfFence = selfFence;
            return this;
        }

        /** Builds the next spec for an automatic failback (needed with {@link GuardOptions#autoFailback()}). */
        public Builder failbackPlanner(FailbackPlanner planner) {
            this.planner = planner;
            return this;
        }

        /**
         * Makes this guard an agent that controls only the node in {@code local} (its host's QEMU);
         * its member name is that node's name. Default: one controller for both nodes.
         */
        public Builder controlling(Role local) {
            this.local = local;
            return this;
        }

        /** The member name of a one-controller guard (default {@code guard-<primary>+<secondary>}). */
        public Builder member(String member) {
            this.member = member;
            return this;
        }

        /** A listener that hears every event from the start ({@link GuardEvent.Watching} included). */
        public Builder onEvent(Consumer<? super GuardEvent> listener) {
            listeners.add(listener);
            return this;
        }

        /**
         * The guard, not yet started.
         *
         * @throws org.colo4j.ColoValidationException listing every problem, with the field and the fix
         */
        public ColoGuard build() {
            List<org.colo4j.ColoProblem> problems = new ArrayList<>();
            if (options == null) {
                problems.add(new org.colo4j.ColoProblem("guard.options", "is null; give GuardOptions.defaults() or a built one"));
            }
            if (fencer == null) {
                problems.add(new org.colo4j.ColoProblem("guard.fencer", "is null; give Fencer.NONE to rely on the arbiter alone"));
            }
            if (selfFence == null) {
                problems.add(new org.colo4j.ColoProblem("guard.selfFence", "is null; give SelfFence.stopAndQuit()"));
            }
            if (listeners.contains(null)) {
                problems.add(new org.colo4j.ColoProblem("guard.onEvent", "a listener is null"));
            }
            if (member != null && local != null) {
                problems.add(new org.colo4j.ColoProblem("guard.member", "is set on an agent (controlling(" + local
                        + ")); an agent's member name is its node's name, which its peer looks for: drop member(...)"));
            }
            String name = member != null ? member : local != null ? pair.spec().node(local).name() : null;
            if (name != null && !MEMBER.matcher(name).matches()) {
                problems.add(new org.colo4j.ColoProblem(member != null ? "guard.member" : "node.name", "'" + name
                        + "' cannot name an arbitration member: use letters, digits and . _ + - (it becomes a ZooKeeper node)"));
            }
            if (options != null && options.autoFailback() && planner == null) {
                problems.add(new org.colo4j.ColoProblem("guard.failbackPlanner", "is missing while autoFailback is on;"
                        + " give failbackPlanner((spec, survivor, replacement) -> spec.afterFailover(...))"));
            }
            if (!problems.isEmpty()) {
                throw new org.colo4j.ColoValidationException("ColoGuard", problems);
            }
            return new ColoGuard(this);
        }
    }
}
