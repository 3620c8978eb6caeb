package org.colo4j.ha;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The embedded {@link Arbiter}: the epoch and the sessions live in this JVM. It is the default of a
 * {@link ColoGuard} run by one controller process that holds both nodes' QMP connections; guards in
 * the same JVM (for example two controllers racing for one pair) that share an instance also share
 * its epoch, so exactly one of them wins each failover.
 *
 * <p>It cannot arbitrate between processes: for one guard agent per host, use
 * {@code ZooKeeperArbiter} (module colo-ha-zookeeper). A session here is only lost when
 * {@link #expire(String)} is called, which tests and operators use to take a member's authority away.
 *
 * <pre>{@code
 * InProcessArbiter arbiter = new InProcessArbiter();
 * try (ColoGuard guard = ColoGuard.builder(pair).arbiter(arbiter).build().start()) { ... }
 * }</pre>
 *
 * <p>Listeners are called on one daemon thread of this arbiter, in order. Thread-safe.
 */
public final class InProcessArbiter implements Arbiter {

    private final Object lock = new Object();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "colo4j-arbiter");
        t.setDaemon(true);
        return t;
    });
    private Epoch epoch = Epoch.INITIAL;
    private boolean closed;

    /** An arbiter at {@link Epoch#INITIAL} with no members. */
    public InProcessArbiter() {
    }

    /** The current epoch. */
    public Epoch epoch() {
        synchronized (lock) {
            return epoch;
        }
    }

    /** The members with a live session, in the order they joined. */
    public List<String> members() {
        synchronized (lock) {
            return List.copyOf(sessions.keySet());
        }
    }

    @Override
    public ArbiterSession join(String member, ArbiterListener listener) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (closed) {
                throw new ArbiterException("this InProcessArbiter is closed: create a new one");
            }
            if (sessions.containsKey(member)) {
                throw new ArbiterException("member '" + member + "' already has a live session: give each guard its"
                        + " own member name (ColoGuard.Builder.member), or close the old guard first");
            }
            Session s = new Session(member, listener);
            notifyAll(new ArbiterEvent.MemberJoined(member));
            sessions.put(member, s);
            return s;
        }
    }

    /**
     * Takes {@code member}'s session away as if it had expired: its listener hears
     * {@link ArbiterEvent.SessionLost}, the others {@link ArbiterEvent.MemberLeft}.
     *
     * @return whether {@code member} had a live session
     */
    public boolean expire(String member) {
        Objects.requireNonNull(member, "member");
        synchronized (lock) {
            Session s = sessions.remove(member);
            if (s == null) {
                return false;
            }
            s.live = false;
            deliver(s, new ArbiterEvent.SessionLost("the in-process session of '" + member + "' was expired"));
            notifyAll(new ArbiterEvent.MemberLeft(member));
            return true;
        }
    }

    /**
     * Ends every session quietly (nobody hears {@link ArbiterEvent.SessionLost}: closing an arbiter
     * is a shutdown, not a loss of authority; use {@link #expire(String)} for that) and stops
     * delivering. Close the guards first.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            sessions.values().forEach(s -> s.live = false);
            sessions.clear();
            closed = true;
        }
        delivery.shutdown();
        try {
            delivery.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "InProcessArbiter{" + epoch + ", members " + sessions.keySet() + "}";
        }
    }

    private void notifyAll(ArbiterEvent event) {
        sessions.values().forEach(s -> deliver(s, event));
    }

    private void deliver(Session s, ArbiterEvent event) {
        if (!delivery.isShutdown()) {
            delivery.execute(() -> s.listener.onEvent(event));
        }
    }

    private final class Session implements ArbiterSession {

        private final String member;
        private final ArbiterListener listener;
        private volatile boolean live = true;

        Session(String member, ArbiterListener listener) {
            this.member = member;
            this.listener = listener;
        }

        @Override
        public String member() {
            return member;
        }

        @Override
        public boolean isLive() {
            return live;
        }

        @Override
        public Epoch epoch() {
            synchronized (lock) {
                requireLive("read the epoch");
                return epoch;
            }
        }

        @Override
        public EpochClaim claim(Epoch expected, String owner) {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(owner, "owner");
            long t0 = System.nanoTime();
            synchronized (lock) {
                requireLive("claim " + expected.next(owner));
                if (epoch.number() != expected.number()) {
                    return new EpochClaim(false, epoch, Duration.ofNanos(System.nanoTime() - t0));
                }
                epoch = expected.next(owner);
                InProcessArbiter.this.notifyAll(new ArbiterEvent.EpochChanged(epoch));
                return new EpochClaim(true, epoch, Duration.ofNanos(System.nanoTime() - t0));
            }
        }

        @Override
        public boolean isPresent(String other) {
            synchronized (lock) {
                return sessions.containsKey(other);
            }
        }

        @Override
        public void announceReplacement(Replacement replacement) {
            Objects.requireNonNull(replacement, "replacement");
            synchronized (lock) {
                requireLive("announce " + replacement);
                InProcessArbiter.this.notifyAll(new ArbiterEvent.ReplacementAnnounced(replacement));
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (sessions.get(member) == this) {
                    sessions.remove(member);
                    live = false;
                    InProcessArbiter.this.notifyAll(new ArbiterEvent.MemberLeft(member));
                }
                live = false;
            }
        }

        private void requireLive(String what) {
            if (!live) {
                throw new ArbiterException("cannot " + what + ": the session of '" + member + "' is closed or lost");
            }
        }

        @Override
        public String toString() {
            return "InProcessArbiter.Session{" + member + (live ? "" : ", ended") + "}";
        }
    }
}
