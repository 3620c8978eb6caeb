package org.colo4j.ha.zookeeper;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.colo4j.ha.ArbiterEvent;
import org.colo4j.ha.ArbiterException;
import org.colo4j.ha.ArbiterListener;
import org.colo4j.ha.ArbiterSession;
import org.colo4j.ha.Epoch;
import org.colo4j.ha.EpochClaim;
import org.colo4j.ha.Replacement;

/**
 * One member of a {@link ZooKeeperArbiter}: its ephemeral znode, and a {@link PairWatcher} that turns
 * changes of the pair's znodes into {@link ArbiterEvent}s.
 */
final class ZooKeeperSession implements ArbiterSession {

    private final ZooKeeperArbiter arbiter;
    private final CuratorFramework client;
    private final String member;
    private final ArbiterListener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private PairWatcher watcher;

    ZooKeeperSession(ZooKeeperArbiter arbiter, String member, ArbiterListener listener) {
        this.arbiter = arbiter;
        this.client = arbiter.client();
        this.member = member;
        this.listener = listener;
    }

    /** Creates the pair's znodes if missing, starts watching them, then the member's ephemeral znode. */
    void open() {
        try {
            createIfMissing(arbiter.epochPath(), EpochCodec.encode(Epoch.INITIAL));
            createIfMissing(arbiter.membersPath(), new byte[0]);
        } catch (Exception e) {
            throw ZooKeeperArbiter.failed("create the pair's znodes under " + arbiter.base(), e);
        }
        watcher = new PairWatcher(client, arbiter, this::deliver);
        try {
            watcher.start();
        } catch (Exception e) {
            throw ZooKeeperArbiter.failed("watch the pair's znodes under " + arbiter.base(), e);
        }
        String path = memberPath(member);
        try {
            client.create().withMode(CreateMode.EPHEMERAL).forPath(path, new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            throw new ZooKeeperArbiterException("member '" + member + "' already has a live session (" + path + " exists):"
                    + " another agent uses this name, or this agent's previous session has not expired yet (wait for"
                    + " the session timeout)", e);
        } catch (Exception e) {
            throw ZooKeeperArbiter.failed("create the member znode " + path, e);
        }
    }

    private void createIfMissing(String path, byte[] data) throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(path, data);
        } catch (KeeperException.NodeExistsException e) {
            // created by another member first
        }
    }

    private String memberPath(String name) {
        return arbiter.membersPath() + "/" + name;
    }

    private void deliver(ArbiterEvent e) {
        if (!ended.get()) {
            listener.onEvent(e);
        }
    }

    @Override
    public String member() {
        return member;
    }

    @Override
    public boolean isLive() {
        return !ended.get();
    }

    @Override
    public Epoch epoch() {
        requireLive("read the epoch");
        try {
            return EpochCodec.decodeEpoch(client.getData().forPath(arbiter.epochPath()), arbiter.epochPath());
        } catch (Exception e) {
            throw ZooKeeperArbiter.failed("read the epoch " + arbiter.epochPath(), e);
        }
    }

    @Override
    public EpochClaim claim(Epoch expected, String owner) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(owner, "owner");
        long t0 = System.nanoTime();
        requireLive("claim " + expected.next(owner));
        requireConnected("claim " + expected.next(owner));
        String path = arbiter.epochPath();
        try {
            Stat stat = new Stat();
            Epoch current = EpochCodec.decodeEpoch(client.getData().storingStatIn(stat).forPath(path), path);
            if (current.number() != expected.number()) {
                return new EpochClaim(false, current, took(t0));
            }
            Epoch next = expected.next(owner);
            try {
                client.setData().withVersion(stat.getVersion()).forPath(path, EpochCodec.encode(next));
            } catch (KeeperException.BadVersionException lost) {
                return new EpochClaim(false, EpochCodec.decodeEpoch(client.getData().forPath(path), path), took(t0));
            }
            requireLive("keep " + next + " (the session ended during the claim)");
            return new EpochClaim(true, next, took(t0));
        } catch (ArbiterException e) {
            throw e;
        } catch (Exception e) {
            throw ZooKeeperArbiter.failed("claim " + expected.next(owner) + " at " + path, e);
        }
    }

    @Override
    public boolean isPresent(String other) {
        requireConnected("look for member " + other);
        try {
            return client.checkExists().forPath(memberPath(other)) != null;
        } catch (Exception e) {
            throw ZooKeeperArbiter.failed("look for member " + other, e);
        }
    }

    @Override
    public void announceReplacement(Replacement replacement) {
        Objects.requireNonNull(replacement, "replacement");
        requireLive("announce " + replacement);
        try {
            client.create().orSetData().creatingParentsIfNeeded().forPath(arbiter.replacementPath(), EpochCodec.encode(replacement));
        } catch (Exception e) {
            throw ZooKeeperArbiter.failed("announce " + replacement, e);
        }
    }

    /** The session was lost: the listener hears it once, then nothing more. */
    void lost(String why) {
        if (ended.compareAndSet(false, true)) {
            listener.onEvent(new ArbiterEvent.SessionLost(why));
            stop();
        }
    }

    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            stop();
            try {
                client.delete().quietly().forPath(memberPath(member));
            } catch (Exception e) {
                // the ephemeral znode goes with the session anyway
            }
        }
    }

    private void stop() {
        arbiter.forget(this);
        if (watcher != null) {
            watcher.stop();
        }
    }

    private void requireLive(String what) {
        if (ended.get()) {
            throw new ArbiterException("cannot " + what + ": the ZooKeeper session of '" + member + "' is closed or lost");
        }
    }

    /**
     * Fails at once while Curator's connection is down (SUSPENDED): a call would otherwise wait for the
     * connection through Curator's retries, seconds in which the server may expire this session and the
     * peer win the epoch. Measured on a primary cut off from ZooKeeper and its peer: its guard's look for
     * the peer took 5.7 s, and it fenced only after the peer ran alone; failing fast, it claims, fails and
     * fences before its session can expire on the server.
     */
    private void requireConnected(String what) {
        if (!client.getZookeeperClient().isConnected()) {
            throw new ArbiterException("cannot " + what + ": the ZooKeeper connection of '" + member + "' is down"
                    + " (suspended; the session may expire on the server at any moment)");
        }
    }

    private static Duration took(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public String toString() {
        return "ZooKeeperSession{" + member + " at " + arbiter.base() + (ended.get() ? ", ended" : "") + "}";
    }
}
