package org.colo4j;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpConnectionClosedException;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.QmpSubscription;

/**
 * The two QMP connections of a pair, by role, either of which may be missing (it could not be opened)
 * or closed (its QEMU died). Turns QEMU's events and connection losses into {@link PairEvent}s and
 * wakes whoever waits for the pair to change.
 */
final class PairConnections implements AutoCloseable {

    private static final List<String> SURFACED = List.of("COLO_EXIT", "SHUTDOWN", "RESET", "STOP", "GUEST_PANICKED");

    private final ColoPairSpec spec;
    private final Map<Role, QmpClient> clients = new EnumMap<>(Role.class);
    private final Map<Role, QmpException> unreachable = new EnumMap<>(Role.class);
    private final Map<Role, QmpException> closed = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<QmpSubscription> subscriptions = new ArrayList<>();
    private final CopyOnWriteArrayList<Consumer<? super PairEvent>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final NodeFailureWatch failures;
    /** True while COLO replicates: its checkpoints' STOPs are routine then. */
    volatile boolean replicating;
    /** True while start, a failover or a resume runs: what QEMU reports then is colo4j's own doing. */
    volatile boolean operating;
    /**
     * The role colo4j last failed over onto, or null: from then on the other node's COLO_EXIT is the
     * failover's doing too, though it may arrive after the failover returned (it notices the lost
     * peer on its own connection, in its own time).
     */
    volatile Role failedOverOnto;
    private volatile boolean closing;

    private final java.time.Duration probeTimeout;

    PairConnections(ColoPairSpec spec, java.time.Duration probeTimeout, QmpClient primary, QmpException primaryFailure, QmpClient secondary,
                    QmpException secondaryFailure) {
        this.spec = spec;
        this.probeTimeout = probeTimeout;
        this.failures = new NodeFailureWatch(this);
        attach(Role.PRIMARY, primary, primaryFailure);
        attach(Role.SECONDARY, secondary, secondaryFailure);
    }

    private void attach(Role role, QmpClient client, QmpException failure) {
        if (client == null) {
            unreachable.put(role, Objects.requireNonNull(failure, "failure"));
            return;
        }
        clients.put(role, client);
        String name = spec.node(role).name();
        subscriptions.add(client.onAnyEvent(e -> {
            changed();
            if (SURFACED.contains(e.name()) && !(e.name().equals("STOP") && (replicating || operating))) {
                emit(PairEvent.qemuEvent(role, name, e, operating || abandonedPeerExit(role, e)));
            }
            if (e.name().equals("STOP") || e.name().equals("GUEST_PANICKED")) {
                failures.check(role, client, e);
            }
        }));
        subscriptions.add(client.onClose(cause -> {
            closed.put(role, cause);
            changed();
            if (!closing) {
                emit(PairEvent.connectionClosed(role, name, cause, operating));
            }
        }));
    }

    private boolean abandonedPeerExit(Role role, org.colo4j.qmp.QmpEvent e) {
        Role onto = failedOverOnto;
        return onto != null && role != onto && e.name().equals("COLO_EXIT");
    }

    ColoPairSpec spec() {
        return spec;
    }

    /** How long one status query may take when colo4j needs it to decide. */
    java.time.Duration probeTimeout() {
        return probeTimeout;
    }

    String name(Role role) {
        return spec.node(role).name();
    }

    /** The connection of {@code role}, open or closed, or null if it could never be opened. */
    QmpClient client(Role role) {
        return clients.get(role);
    }

    /** Whether {@code role}'s connection is open. */
    boolean isOpen(Role role) {
        QmpClient c = clients.get(role);
        return c != null && c.isOpen();
    }

    /**
     * The open connection of {@code role}, for an operation that needs it.
     *
     * @throws ColoNodeUnreachableException naming the node, its endpoint and {@code purpose}
     */
    QmpClient require(Role role, String purpose) {
        QmpClient c = clients.get(role);
        if (c != null && c.isOpen()) {
            return c;
        }
        throw unreachableError(role, purpose);
    }

    /** The {@link ColoNodeUnreachableException} for {@code role}, whose connection is missing or closed. */
    ColoNodeUnreachableException unreachableError(Role role, String purpose) {
        QmpClient c = clients.get(role);
        ColoNode node = spec.node(role);
        QmpException cause = c == null ? unreachable.get(role) : closed.get(role);
        String how = c == null ? "its QMP endpoint " + node.qmpConnect() + " could not be connected when the pair was opened"
                : "its QMP connection to " + node.qmpConnect() + " has closed";
        return new ColoNodeUnreachableException(role, node.name(), purpose + " needs the " + role + " '" + node.name()
                + "', but " + how + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + ": if that node is gone, fail over onto the other one", cause);
    }

    /** Why {@code role} could not be connected, or null. */
    QmpException connectFailure(Role role) {
        return unreachable.get(role);
    }

    QmpSubscription onEvent(Consumer<? super PairEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return new QmpSubscription() {
            @Override
            public void close() {
                listeners.remove(listener);
            }

            @Override
            public String toString() {
                return "QmpSubscription{pair events of " + spec.primary().name() + " and " + spec.secondary().name() + "}";
            }
        };
    }

    /** Runs {@code r} whenever something may have changed (an event, a closed connection). */
    AutoCloseable onChange(Runnable r) {
        changeListeners.add(r);
        return () -> changeListeners.remove(r);
    }

    void emit(PairEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    void changed() {
        changeListeners.forEach(Runnable::run);
    }

    /** Stops reporting, and closes the connections when {@code closeClients}. */
    void close(boolean closeClients) {
        closing = true;
        subscriptions.forEach(QmpSubscription::close);
        if (closeClients) {
            clients.values().forEach(QmpClient::close);
        }
    }

    @Override
    public void close() {
        close(false);
    }

    /** Turns a closed connection's cause into what callers see, for messages. */
    static String describe(QmpException e) {
        return e instanceof QmpConnectionClosedException ? "connection closed: " + e.getMessage() : e.toString();
    }
}
