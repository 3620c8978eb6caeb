package org.colo4j.ha.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.colo4j.ColoProblem;
import org.colo4j.ColoValidationException;
import org.colo4j.ha.Arbiter;
import org.colo4j.ha.ArbiterException;
import org.colo4j.ha.ArbiterListener;
import org.colo4j.ha.ArbiterSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Arbiter} of one guard agent, on ZooKeeper through Apache Curator: each host runs a
 * {@code ColoGuard} that controls only its local QEMU, with a ZooKeeperArbiter of its own (its own
 * ZooKeeper session), all pointing at the same ensemble and pair.
 *
 * <pre>{@code
 * try (ZooKeeperArbiter arbiter = ZooKeeperArbiter.builder("zk1:2181,zk2:2181,zk3:2181").pair("web-vm").build();
 *      ColoGuard guard = ColoGuard.builder(pair).controlling(Role.PRIMARY).arbiter(arbiter).build().start()) {
 *     ...
 * }
 * }</pre>
 *
 * <h2>In ZooKeeper</h2>
 * Under {@code <root>/<pair>} ({@code /colo4j/web-vm}):
 * <ul>
 *   <li>{@code epoch}: {@code "<number>\n<owner>"}; a claim reads it with its version and writes the
 *       next epoch with {@code setData(version)}, so of concurrent claims exactly one succeeds (the
 *       others get {@code BadVersion} and lose);</li>
 *   <li>{@code members/<member>}: an ephemeral znode per agent: it vanishes when the agent leaves or
 *       its session expires, which the other agents hear as {@code MemberLeft};</li>
 *   <li>{@code replacement}: {@code "<node>\n<payload>"}, the last replacement announced for failback.</li>
 * </ul>
 *
 * <h2>Session loss</h2>
 * When Curator reports the session {@code LOST} (expired on the server, or disconnected for longer
 * than the session timeout) every session of this arbiter ends and its listeners hear
 * {@code SessionLost}: the guard fences its node at once. A node cut off from ZooKeeper therefore
 * stops its guest within about {@link Builder#sessionTimeout(Duration)} of losing it, while its peer,
 * if it still reaches ZooKeeper, sees the member vanish and takes over. While merely disconnected
 * ({@code SUSPENDED}) the guard keeps running but cannot win a claim. Without ZooKeeper there is no
 * failover: a guard that cannot claim fences instead.
 *
 * <p>Thread-safe.
 */
public final class ZooKeeperArbiter implements Arbiter {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperArbiter.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private final CuratorFramework client;
    private final boolean ownsClient;
    private final String base;
    private final Duration connectionTimeout;
    private final List<ZooKeeperSession> sessions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private ZooKeeperArbiter(Builder b) {
        this.ownsClient = b.client == null;
        this.client = b.client != null ? b.client : CuratorFrameworkFactory.builder().connectString(b.connectString)
                .sessionTimeoutMs((int) b.sessionTimeout.toMillis()).connectionTimeoutMs((int) b.connectionTimeout.toMillis())
                .retryPolicy(new RetryNTimes(2, 100)).build();
        this.base = b.root + "/" + b.pair;
        this.connectionTimeout = b.connectionTimeout;
        this.client.getConnectionStateListenable().addListener((c, state) -> onState(state));
        if (ownsClient) {
            this.client.start();
        }
    }

    /** A builder for an arbiter with a Curator client of its own on {@code connectString} ({@code host:port,...}). */
    public static Builder builder(String connectString) {
        return new Builder(connectString, null);
    }

    /**
     * A builder for an arbiter on the caller's started client, which it does not close. Its sessions
     * are that client's ZooKeeper session: give each agent its own client.
     */
    public static Builder builder(CuratorFramework client) {
        return new Builder(null, Objects.requireNonNull(client, "client"));
    }

    /** The znode under which this pair's epoch, members and replacement live. */
    public String path() {
        return base;
    }

    /** The Curator client (for tests and diagnostics). */
    public CuratorFramework client() {
        return client;
    }

    @Override
    public ArbiterSession join(String member, ArbiterListener listener) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new ArbiterException("this ZooKeeperArbiter is closed: create a new one");
        }
        if (!NAME.matcher(member).matches()) {
            throw new IllegalArgumentException("member '" + member + "' cannot name a znode: use letters, digits and . _ + -");
        }
        awaitConnected("join as " + member);
        ZooKeeperSession s = new ZooKeeperSession(this, member, listener);
        sessions.add(s);
        try {
            s.open();
        } catch (RuntimeException e) {
            sessions.remove(s);
            s.close();
            throw e;
        }
        return s;
    }

    void forget(ZooKeeperSession s) {
        sessions.remove(s);
    }

    String epochPath() {
        return base + "/epoch";
    }

    String membersPath() {
        return base + "/members";
    }

    String replacementPath() {
        return base + "/replacement";
    }

    String base() {
        return base;
    }

    void awaitConnected(String what) {
        try {
            if (!client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ZooKeeperArbiterException("cannot " + what + ": ZooKeeper at " + client.getZookeeperClient()
                        .getCurrentConnectionString() + " did not answer within " + connectionTimeout.toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZooKeeperArbiterException("interrupted while connecting to ZooKeeper to " + what, e);
        }
    }

    private void onState(ConnectionState state) {
        switch (state) {
            case SUSPENDED -> log.warn("ZooKeeper connection of {} suspended: claims fail until it is back; the session is"
                    + " lost (and the guard fences) if it stays away for the session timeout", base);
            case LOST -> {
                log.warn("ZooKeeper session of {} LOST: every member of this arbiter ends", base);
                for (ZooKeeperSession s : new ArrayList<>(sessions)) {
                    s.lost("the ZooKeeper session expired or was disconnected for longer than its timeout");
                }
            }
            case RECONNECTED -> log.info("ZooKeeper connection of {} is back", base);
            default -> { }
        }
    }

    static ArbiterException failed(String what, Exception e) {
        if (e instanceof ArbiterException a) {
            return a;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String why = e instanceof KeeperException k ? k.code() + " " + k.getPath() : e.toString();
        return new ZooKeeperArbiterException("ZooKeeper could not " + what + ": " + why, e);
    }

    /** Ends every session (their members leave, nobody is told to fence) and closes the client if it is this arbiter's. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ZooKeeperSession s : new ArrayList<>(sessions)) {
            s.close();
        }
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "ZooKeeperArbiter{" + base + ", members " + sessions.stream().map(ZooKeeperSession::member).toList() + "}";
    }

    /** Builds a {@link ZooKeeperArbiter}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {

        private final String connectString;
        private final CuratorFramework client;
        private String root = "/colo4j";
        private String pair;
        private Duration sessionTimeout = Duration.ofSeconds(3);
        private Duration connectionTimeout = Duration.ofSeconds(1);

        private Builder(String connectString, CuratorFramework client) {
            this.connectString = connectString;
            this.client = client;
        }

        /** The pair's name, one znode under the root (required; the same on every agent of the pair). */
        public Builder pair(String pair) {
            this.pair = pair;
            return this;
        }

        /** The parent znode of all pairs (default {@code /colo4j}). */
        public Builder root(String root) {
            this.root = root;
            return this;
        }

        /**
         * The ZooKeeper session timeout of the arbiter's own client (default 3 s; the server bounds
         * it to 2-20 of its ticks): how long a node cut off from ZooKeeper keeps its authority, and how
         * long its peer waits to see it gone if its host freezes.
         */
        public Builder sessionTimeout(Duration d) {
            this.sessionTimeout = d;
            return this;
        }

        /** How long one connection attempt, and so one claim while disconnected, may take (default 1 s). */
        public Builder connectionTimeout(Duration d) {
            this.connectionTimeout = d;
            return this;
        }

        /**
         * The arbiter; its own client (if built from a connect string) starts connecting now.
         *
         * @throws ColoValidationException listing every problem, each with its field and the fix
         */
        public ZooKeeperArbiter build() {
            List<ColoProblem> problems = new ArrayList<>();
            if (client == null && (connectString == null || connectString.isBlank())) {
                problems.add(new ColoProblem("zookeeper.connectString", "is empty; give host:port[,host:port...], e.g. \"zk1:2181\""));
            }
            if (client != null && client.getState() != org.apache.curator.framework.imps.CuratorFrameworkState.STARTED) {
                problems.add(new ColoProblem("zookeeper.client", "is " + client.getState() + "; start() it first"));
            }
            if (pair == null || !NAME.matcher(pair).matches()) {
                problems.add(new ColoProblem("zookeeper.pair", "is '" + pair + "'; give the pair's name in letters, digits"
                        + " and . _ + -, the same on every agent, e.g. pair(\"web-vm\")"));
            }
            if (root == null || !root.startsWith("/") || root.endsWith("/")) {
                problems.add(new ColoProblem("zookeeper.root", "is '" + root + "'; give an absolute znode path without a"
                        + " trailing slash, e.g. \"/colo4j\""));
            }
            positive(problems, sessionTimeout, "sessionTimeout");
            positive(problems, connectionTimeout, "connectionTimeout");
            if (client != null && (sessionTimeout != null && !sessionTimeout.equals(Duration.ofSeconds(3)))) {
                problems.add(new ColoProblem("zookeeper.sessionTimeout", "is set, but the arbiter uses the caller's client:"
                        + " set the session timeout on that client instead"));
            }
            if (!problems.isEmpty()) {
                throw new ColoValidationException("ZooKeeperArbiter", problems);
            }
            return new ZooKeeperArbiter(this);
        }

        private static void positive(List<ColoProblem> problems, Duration d, String field) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                problems.add(new ColoProblem("zookeeper." + field, "is " + d + "; give a positive duration in milliseconds"
                        + " range, e.g. " + field + "(Duration.ofSeconds(3))"));
            }
        }
    }
}
