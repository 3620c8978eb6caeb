package org.colo4j.ha.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.colo4j.ColoProblem;
import org.colo4j.ColoValidationException;
import org.colo4j.ha.ArbiterEvent;
import org.colo4j.ha.ArbiterException;
import org.colo4j.ha.ArbiterSession;
import org.colo4j.ha.Epoch;
import org.colo4j.ha.EpochClaim;
import org.colo4j.ha.Replacement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ZooKeeperArbiter against a real ZooKeeper server (TestingServer), one arbiter (one session) per member. */
class ZooKeeperArbiterTest {

    private TestingServer server;
    private final List<ZooKeeperArbiter> arbiters = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = Zk.start();
    }

    @AfterEach
    void stop() {
        arbiters.forEach(ZooKeeperArbiter::close);
        Zk.close(server);
    }

    private ZooKeeperArbiter arbiter() {
        ZooKeeperArbiter a = Zk.arbiter(server, "vm1");
        arbiters.add(a);
        return a;
    }

    @Test
    void ofClaimsFromSeveralSessionsOnTheSameEpochExactlyOneWins() throws Exception {
        int n = 4;
        List<ArbiterSession> sessions = new ArrayList<>();
        List<List<ArbiterEvent>> heard = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<ArbiterEvent> events = new CopyOnWriteArrayList<>();
            heard.add(events);
            sessions.add(arbiter().join("m" + i, events::add));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<EpochClaim>> claims = new ArrayList<>();
        for (ArbiterSession s : sessions) {
            claims.add(pool.submit(() -> {
                go.await();
                return s.claim(Epoch.INITIAL, s.member());
            }));
        }
        go.countDown();
        List<EpochClaim> results = new ArrayList<>();
        for (Future<EpochClaim> f : claims) {
            results.add(f.get());
        }
        pool.shutdown();

        assertThat(results).filteredOn(EpochClaim::won).hasSize(1);
        Epoch won = results.stream().filter(EpochClaim::won).findFirst().orElseThrow().epoch();
        assertThat(won.number()).isEqualTo(1);
        assertThat(results).filteredOn(c -> !c.won()).allSatisfy(c -> assertThat(c.epoch()).isEqualTo(won));
        for (ArbiterSession s : sessions) {
            assertThat(s.epoch()).isEqualTo(won);
        }
        for (List<ArbiterEvent> events : heard) {
            Zk.await("every member hears the new epoch", () -> events.contains(new ArbiterEvent.EpochChanged(won)));
        }
        assertThat(sessions.get(1).claim(won, "m1")).satisfies(c -> {
            assertThat(c.won()).isTrue();
            assertThat(c.epoch()).isEqualTo(new Epoch(2, "m1"));
        });
    }

    @Test
    void anExpiredSessionIsLostForItsMemberAndGoneForTheOthers() throws Exception {
        List<ArbiterEvent> a = new CopyOnWriteArrayList<>();
        List<ArbiterEvent> b = new CopyOnWriteArrayList<>();
        ArbiterSession sa = arbiter().join("a", a::add);
        ZooKeeperArbiter arbiterB = arbiter();
        ArbiterSession sb = arbiterB.join("b", b::add);
        assertThat(sa.isPresent("b")).isTrue();
        Zk.await("a hears b join", () -> a.contains(new ArbiterEvent.MemberJoined("b")));

        KillSession.kill(arbiterB.client().getZookeeperClient().getZooKeeper());

        Zk.await("b hears its session lost", () -> b.stream().anyMatch(e -> e instanceof ArbiterEvent.SessionLost));
        assertThat(sb.isLive()).isFalse();
        assertThatThrownBy(() -> sb.claim(Epoch.INITIAL, "b")).isInstanceOf(ArbiterException.class)
                .hasMessageContaining("closed or lost");
        Zk.await("a hears b leave", () -> a.contains(new ArbiterEvent.MemberLeft("b")));
        assertThat(sa.isPresent("b")).isFalse();
        assertThat(a).noneMatch(e -> e instanceof ArbiterEvent.SessionLost);
        assertThat(sa.claim(Epoch.INITIAL, "a").won()).as("a can still claim").isTrue();
    }

    @Test
    void aReplacementReachesTheOtherMembersAndAMemberNameIsOneSession() {
        List<ArbiterEvent> a = new CopyOnWriteArrayList<>();
        ArbiterSession sa = arbiter().join("a", a::add);
        ZooKeeperArbiter other = arbiter();
        assertThatThrownBy(() -> other.join("a", e -> { })).isInstanceOf(ZooKeeperArbiterException.class)
                .hasMessageContaining("already has a live session");
        ArbiterSession sb = other.join("b", e -> { });
        sb.announceReplacement(new Replacement("c", "host-c\nline two"));
        Zk.await("a hears the replacement", () -> a.contains(new ArbiterEvent.ReplacementAnnounced(new Replacement("c", "host-c\nline two"))));
        sb.close();
        Zk.await("a hears b leave", () -> a.contains(new ArbiterEvent.MemberLeft("b")));
        assertThat(sa.isPresent("b")).isFalse();
        assertThat(other.path()).isEqualTo("/colo4j/vm1");
    }

    @Test
    void theBuilderReportsEveryProblem() {
        assertThatThrownBy(() -> ZooKeeperArbiter.builder(" ").root("colo4j/").pair("a/b")
                .sessionTimeout(java.time.Duration.ZERO).build())
                .isInstanceOfSatisfying(ColoValidationException.class, e -> assertThat(e.problems())
                        .extracting(ColoProblem::field).containsExactlyInAnyOrder("zookeeper.connectString",
                                "zookeeper.root", "zookeeper.pair", "zookeeper.sessionTimeout"));
    }
}
