package org.colo4j.ha;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.colo4j.ColoPair;
import org.colo4j.PairEvent;
import org.colo4j.Role;
import org.colo4j.blockgraph.PrimaryDisk;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpConnectionClosedException;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.QmpTimeoutException;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.StatusInfo;

/**
 * Turns what the nodes a guard controls report into {@link Signal}s, each once per episode: pair
 * events (a closed connection, a failed guest, {@code COLO_EXIT} with reason error, {@code SHUTDOWN}),
 * the liveness probe's misses, checkpoint stalls and disk errors past the threshold. Keeps what it saw
 * as flags ({@link #coloBroken}, {@link #diskFailed}) for the health check the decision is made from.
 * One per pair; {@link #close()} stops it.
 */
final class SignalWatch implements AutoCloseable {

    private final ColoPair pair;
    private final Set<Role> roles;
    private final GuardOptions options;
    private final Consumer<Signal> signals;
    private final Consumer<GuardEvent> events;
    private final Duration stall;
    private final Set<String> replicationNodes;
    private final List<QmpSubscription> subscriptions = new ArrayList<>();
    private final Map<Role, Node> nodes = new EnumMap<>(Role.class);
    /** While false (the guard acts, or the pair no longer replicates) only the flags are kept: no stall checks. */
    volatile boolean replicating = true;

    SignalWatch(ColoPair pair, Set<Role> roles, GuardOptions options, Consumer<Signal> signals, Consumer<GuardEvent> events) {
        this.pair = pair;
        this.roles = Set.copyOf(roles);
        this.options = options;
        this.signals = signals;
        this.events = events;
        this.stall = options.checkpointStall(pair.spec().checkpointDelay());
        this.replicationNodes = pair.spec().replication().primaryDisks().stream().map(PrimaryDisk::replicationNodeName)
                .collect(Collectors.toUnmodifiableSet());
        for (Role role : this.roles) {
            nodes.put(role, new Node(role, pair.spec().node(role).name()));
        }
        subscriptions.add(pair.onEvent(this::onPairEvent));
        for (Role role : this.roles) {
            if (pair.isReachable(role)) {
                subscriptions.add(pair.qmp(role).onAnyEvent(e -> onQemuEvent(role, e)));
            } else {
                Node n = nodes.get(role);
                n.closed = true;
            }
        }
    }

    /**
     * Whether the guard saw COLO break on {@code role}: a COLO_EXIT error, its replication child
     * failing, or a stall that no RESUME has ended yet.
     */
    boolean coloBroken(Role role) {
        Node n = nodes.get(role);
        return n != null && (n.coloExit || n.replicationFailed || n.stalled);
    }

    /** Why the node's disks count as failed, or null. */
    String diskFailed(Role role) {
        Node n = nodes.get(role);
        return n == null ? null : n.diskFailed;
    }

    /** Whether the node's last liveness query went unanswered for the probe timeout, with no answer since. */
    boolean unresponsive(Role role) {
        Node n = nodes.get(role);
        return n != null && n.unresponsive;
    }

    /** Whether the node's connection was seen closing. */
    boolean closed(Role role) {
        Node n = nodes.get(role);
        return n != null && n.closed;
    }

    /** One round: a liveness probe to every controlled node without one outstanding, then the stall check. */
    void tick() {
        long now = System.nanoTime();
        for (Node n : nodes.values()) {
            probe(n);
            if (replicating && !n.stalled && now - n.lastResume > stall.toNanos()) {
                n.stalled = true;
                signal(n, Signal.Kind.CHECKPOINT_STALL, "no RESUME for " + Duration.ofNanos(now - n.lastResume).toMillis()
                        + " ms, more than " + options.checkpointStallFactor() + " checkpoint delays ("
                        + stall.toMillis() + " ms): checkpoints do not complete");
            }
        }
    }

    private void probe(Node n) {
        if (n.closed || n.probe != null || !pair.isReachable(n.role)) {
            return;
        }
        QmpClient qmp;
        try {
            qmp = pair.qmp(n.role);
        } catch (RuntimeException e) {
            return;
        }
        long sent = System.nanoTime();
        if (n.lastAnswer == 0) {
            n.lastAnswer = sent;
        }
        // The deadline counts from the node's last answer, not from this query: a node silent for the probe
        // timeout is unresponsive. Counted from the send, detection took up to one probe interval longer
        // (measured: a frozen primary was declared unresponsive 1.25 s after SIGSTOP with a 1 s timeout).
        long timeout = options.probeTimeout().toNanos() - (sent - n.lastAnswer);
        Duration deadline = Duration.ofNanos(Math.max(timeout, options.probeTimeout().toNanos() / 2));
        CompletableFuture<StatusInfo> f;
        try {
            f = qmp.executeAsync(new QueryStatus(), deadline);
        } catch (RuntimeException e) {
            return;
        }
        n.probe = f;
        f.whenComplete((status, error) -> {
            n.probe = null;
            if (error == null) {
                n.lastAnswer = System.nanoTime();
                n.unresponsive = false;
                RunState s = status.status();
                if (s == RunState.INTERNAL_ERROR || s == RunState.GUEST_PANICKED || s == RunState.SHUTDOWN) {
                    guestStopped(n, "run state " + wire(s));
                }
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof QmpTimeoutException && !n.unresponsive) {
                n.unresponsive = true;
                signal(n, Signal.Kind.UNRESPONSIVE, "no answer to query-status for " + options.probeTimeout().toMillis()
                        + " ms (last answer " + Duration.ofNanos(System.nanoTime() - n.lastAnswer).toMillis() + " ms ago, this query"
                        + " sent " + Duration.ofNanos(System.nanoTime() - sent).toMillis() + " ms ago): the node is frozen,"
                        + " its main loop is stuck, or it is cut off");
            } else if (cause instanceof QmpConnectionClosedException) {
                closed(n, cause.getMessage());
            }
        });
    }

    private void onPairEvent(PairEvent e) {
        Node n = nodes.get(e.role());
        if (n == null) {
            return;
        }
        if (e.duringOperation()) {
            events.accept(new GuardEvent.Ignored(e.toString(), "it came during a colo4j operation (start, failover,"
                    + " resume): the guard decides from the nodes' state, not from what its own procedures cause",
                    java.time.Instant.now()));
            return;
        }
        switch (e.kind()) {
            case CONNECTION_CLOSED -> closed(n, e.cause().getMessage());
            case NODE_FAILED -> guestStopped(n, "failed after " + e.event().name());
            case QEMU_EVENT -> {
                String name = e.event().name();
                if (name.equals("COLO_EXIT") && "error".equals(e.event().get("reason").asText())) {
                    n.coloExit = true;
                    signal(n, Signal.Kind.COLO_EXIT_ERROR, "COLO_EXIT " + e.event().data());
                } else if (name.equals("SHUTDOWN")) {
                    guestStopped(n, "SHUTDOWN " + e.event().data());
                } else if (name.equals("GUEST_PANICKED")) {
                    guestStopped(n, "GUEST_PANICKED " + e.event().data());
                }
            }
            default -> { }
        }
    }

    private void onQemuEvent(Role role, QmpEvent e) {
        Node n = nodes.get(role);
        switch (e.name()) {
            case "RESUME" -> {
                n.lastResume = System.nanoTime();
                n.stalled = false;
            }
            case "QUORUM_REPORT_BAD" -> {
                String child = e.get("node-name").asText("");
                if (role == Role.PRIMARY && replicationNodes.contains(child)) {
                    diskError(n, e, true);
                } else {
                    diskError(n, e, false);
                }
            }
            case "BLOCK_IO_ERROR" -> diskError(n, e, false);
            default -> { }
        }
    }

    /** Counts a disk error; past the threshold, the node's disks (or, for its replication child, COLO) count as failed. */
    private void diskError(Node n, QmpEvent e, boolean replicationChild) {
        long now = System.nanoTime();
        int count;
        synchronized (n.diskErrors) {
            n.diskErrors.addLast(now);
            while (!n.diskErrors.isEmpty() && now - n.diskErrors.peekFirst() > options.diskErrorWindow().toNanos()) {
                n.diskErrors.removeFirst();
            }
            count = n.diskErrors.size();
        }
        if (count < options.diskErrorThreshold() || n.diskSignalled) {
            return;
        }
        n.diskSignalled = true;
        String detail = count + " disk errors within " + options.diskErrorWindow().toMillis() + " ms, the last "
                + e.name() + " " + e.data();
        if (replicationChild) {
            n.replicationFailed = true;
            detail += ": the replication child to the secondary fails, so COLO broke";
        } else {
            n.diskFailed = detail;
        }
        signal(n, Signal.Kind.DISK_ERRORS, detail);
    }

    private void guestStopped(Node n, String detail) {
        if (!n.guestStopped) {
            n.guestStopped = true;
            signal(n, Signal.Kind.GUEST_STOPPED, detail);
        }
    }

    private void closed(Node n, String detail) {
        if (!n.closed) {
            n.closed = true;
            signal(n, Signal.Kind.CONNECTION_CLOSED, detail);
        }
    }

    private void signal(Node n, Signal.Kind kind, String detail) {
        signals.accept(Signal.of(n.role, n.name, kind, detail));
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public void close() {
        subscriptions.forEach(QmpSubscription::close);
    }

    /** What the watch knows of one node. */
    private static final class Node {
        final Role role;
        final String name;
        final Deque<Long> diskErrors = new ArrayDeque<>();
        volatile long lastResume = System.nanoTime();
        volatile boolean stalled;
        /** COLO_EXIT with reason error: COLO is over on this node. */
        volatile boolean coloExit;
        /** The primary's replication child failed past the threshold. */
        volatile boolean replicationFailed;
        volatile boolean unresponsive;
        volatile boolean guestStopped;
        volatile boolean closed;
        volatile boolean diskSignalled;
        volatile String diskFailed;
        volatile CompletableFuture<StatusInfo> probe;
        /** System.nanoTime of the last answer to a liveness query (of the first query until one answers). */
        volatile long lastAnswer;

        Node(Role role, String name) {
            this.role = role;
            this.name = name;
        }
    }
}
