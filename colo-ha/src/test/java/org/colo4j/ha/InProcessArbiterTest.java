package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Epoch compare-and-set and sessions of the embedded arbiter. */
class InProcessArbiterTest {

    private final InProcessArbiter arbiter = new InProcessArbiter();

    @AfterEach
    void close() {
        arbiter.close();
    }

    @Test
    void ofManyClaimsOnTheSameEpochExactlyOneWins() throws Exception {
        int n = 8;
        List<ArbiterSession> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(arbiter.join("m" + i, e -> { }));
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
        assertThat(arbiter.epoch()).isEqualTo(won);
        assertThat(sessions.get(0).claim(won, "m0").epoch()).as("the next claim builds on the winner's epoch")
                .isEqualTo(new Epoch(2, "m0"));
    }

    @Test
    void sessionsJoinLeaveAndExpire() {
        List<ArbiterEvent> a = new CopyOnWriteArrayList<>();
        List<ArbiterEvent> b = new CopyOnWriteArrayList<>();
        ArbiterSession sa = arbiter.join("a", a::add);
        ArbiterSession sb = arbiter.join("b", b::add);
        assertThatThrownBy(() -> arbiter.join("a", e -> { })).isInstanceOf(ArbiterException.class)
                .hasMessageContaining("already has a live session");
        assertThat(sa.isPresent("b")).isTrue();

        assertThat(arbiter.expire("b")).isTrue();
        assertThat(sb.isLive()).isFalse();
        assertThat(sa.isPresent("b")).isFalse();
        assertThatThrownBy(() -> sb.claim(Epoch.INITIAL, "b")).isInstanceOf(ArbiterException.class);
        awaitSize(b, 1);
        assertThat(b).containsExactly(new ArbiterEvent.SessionLost("the in-process session of 'b' was expired"));
        awaitSize(a, 2);
        assertThat(a).containsExactly(new ArbiterEvent.MemberJoined("b"), new ArbiterEvent.MemberLeft("b"));

        sa.announceReplacement(new Replacement("c", "host-c"));
        awaitSize(a, 3);
        assertThat(a.get(2)).isEqualTo(new ArbiterEvent.ReplacementAnnounced(new Replacement("c", "host-c")));
        sa.close();
        assertThat(arbiter.members()).isEmpty();
    }

    @Test
    void closingTheArbiterIsNotALossOfAuthority() {
        List<ArbiterEvent> a = new CopyOnWriteArrayList<>();
        ArbiterSession s = arbiter.join("a", a::add);
        arbiter.close();
        assertThat(s.isLive()).isFalse();
        assertThat(a).as("nobody is told to fence itself by a shutdown").isEmpty();
    }

    private static void awaitSize(List<?> list, int size) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (list.size() < size && System.nanoTime() < deadline) {
            Events.sleep(2);
        }
    }
}
