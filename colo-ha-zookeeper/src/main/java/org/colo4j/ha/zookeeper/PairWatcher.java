package org.colo4j.ha.zookeeper;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.colo4j.ha.ArbiterEvent;
import org.colo4j.ha.Epoch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a pair's znodes with ZooKeeper's one-shot watches, set again at each firing: the epoch
 * (reported when its number changes), the members (reported as joins and departures) and the
 * replacement (reported when written). ZooKeeper fires watches in order on its event thread, so the
 * events reach the listener in order. Stops when {@link #stop()} is called.
 */
final class PairWatcher {

    private static final Logger log = LoggerFactory.getLogger(PairWatcher.class);

    private final CuratorFramework client;
    private final ZooKeeperArbiter arbiter;
    private final Consumer<ArbiterEvent> events;
    private volatile boolean stopped;
    private long epochSeen = -1;
    private Set<String> membersSeen;

    PairWatcher(CuratorFramework client, ZooKeeperArbiter arbiter, Consumer<ArbiterEvent> events) {
        this.client = client;
        this.arbiter = arbiter;
        this.events = events;
    }

    /** Reads the current state (not reported) and sets the watches. */
    void start() throws Exception {
        watchEpoch();
        watchMembers();
        watchReplacement(false);
    }

    void stop() {
        stopped = true;
    }

    private synchronized void watchEpoch() throws Exception {
        byte[] data = client.getData().usingWatcher((CuratorWatcher) e -> again(e, this::watchEpoch)).forPath(arbiter.epochPath());
        Epoch e = EpochCodec.decodeEpoch(data, arbiter.epochPath());
        if (epochSeen >= 0 && e.number() != epochSeen) {
            emit(new ArbiterEvent.EpochChanged(e));
        }
        epochSeen = e.number();
    }

    private synchronized void watchMembers() throws Exception {
        List<String> now = client.getChildren().usingWatcher((CuratorWatcher) e -> again(e, this::watchMembers))
                .forPath(arbiter.membersPath());
        Set<String> current = new TreeSet<>(now);
        if (membersSeen != null) {
            for (String m : membersSeen) {
                if (!current.contains(m)) {
                    emit(new ArbiterEvent.MemberLeft(m));
                }
            }
            for (String m : current) {
                if (!membersSeen.contains(m)) {
                    emit(new ArbiterEvent.MemberJoined(m));
                }
            }
        }
        membersSeen = current;
    }

    private void watchReplacement(boolean report) throws Exception {
        var stat = client.checkExists().usingWatcher((CuratorWatcher) e -> again(e, () -> watchReplacement(true)))
                .forPath(arbiter.replacementPath());
        if (stat != null && report) {
            byte[] data = client.getData().forPath(arbiter.replacementPath());
            emit(new ArbiterEvent.ReplacementAnnounced(EpochCodec.decodeReplacement(data)));
        }
    }

    private void again(WatchedEvent e, Rearm rearm) {
        if (stopped || e.getType() == Watcher.Event.EventType.None) {
            return;
        }
        try {
            rearm.run();
        } catch (Exception ex) {
            if (!stopped) {
                log.warn("cannot watch {} again after {}: {}", e.getPath(), e.getType(), ex.toString());
            }
        }
    }

    private void emit(ArbiterEvent e) {
        if (!stopped) {
            events.accept(e);
        }
    }

    @FunctionalInterface
    private interface Rearm {
        void run() throws Exception;
    }
}
