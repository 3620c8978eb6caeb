package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallTableTest {

    private final CallTable table = new CallTable();

    private static PendingCall<Object> call(String name, long deadline) {
        PendingCall<Object> call = new PendingCall<>("execute", name, null, null, Duration.ofSeconds(1));
        call.deadline = deadline;
        return call;
    }

    @Test
    void sequentialCallsKeepReusingIdOne() {
        for (int i = 0; i < 1000; i++) {
            PendingCall<Object> call = call("query-status", Long.MAX_VALUE);
            int id = table.add(call);
            assertThat(id).isEqualTo(1);
            assertThat(table.claim(id)).isSameAs(call);
        }
        assertThat(table.waiting()).isZero();
    }

    @Test
    void callsInFlightGetDistinctIdsAndAFreedIdIsTheNextHandedOut() {
        List<PendingCall<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            PendingCall<Object> call = call("c" + i, Long.MAX_VALUE);
            calls.add(call);
            assertThat(table.add(call)).isEqualTo(i + 1);
        }
        assertThat(table.claim(42)).isSameAs(calls.get(41));
        assertThat(table.claim(7)).isSameAs(calls.get(6));
        assertThat(table.add(call("next", Long.MAX_VALUE))).as("smallest free id").isEqualTo(7);
        assertThat(table.add(call("next", Long.MAX_VALUE))).isEqualTo(42);
        assertThat(table.add(call("next", Long.MAX_VALUE))).isEqualTo(101);
        assertThat(table.waiting()).isEqualTo(101);
    }

    @Test
    void anExpiredIdIsNotReusedUntilItsLateReplyArrives() {
        PendingCall<Object> slow = call("slow", 100);
        assertThat(table.add(slow)).isEqualTo(1);
        CallTable.Sweep sweep = table.expireDue(200);
        assertThat(sweep.expired()).containsExactly(slow);
        assertThat(sweep.waiting()).isFalse();

        PendingCall<Object> next = call("next", Long.MAX_VALUE);
        assertThat(table.add(next)).as("id 1 may still get a late reply").isEqualTo(2);
        assertThat(table.claim(1)).as("the late reply is recognised").isSameAs(CallTable.LATE);
        assertThat(table.claim(1)).as("and answered only once").isNull();
        assertThat(table.add(call("after", Long.MAX_VALUE))).as("id 1 is free again").isEqualTo(1);
        assertThat(table.claim(2)).isSameAs(next);
    }

    @Test
    void sweepReportsTheEarliestDeadlineStillWaiting() {
        table.add(call("due", 50));
        table.add(call("later", 500));
        table.add(call("soon", 300));
        CallTable.Sweep sweep = table.expireDue(100);
        assertThat(sweep.expired()).extracting(c -> c.name).containsExactly("due");
        assertThat(sweep.waiting()).isTrue();
        assertThat(sweep.earliestDeadline()).isEqualTo(300);
        assertThat(table.waiting()).isEqualTo(2);
    }

    @Test
    void unknownIdsAreNotClaimed() {
        table.add(call("a", Long.MAX_VALUE));
        assertThat(table.claim(0)).isNull();
        assertThat(table.claim(-1)).isNull();
        assertThat(table.claim(2)).isNull();
        assertThat(table.claim(987_654_321L)).isNull();
        assertThat(table.claim(Long.MAX_VALUE)).isNull();
    }

    @Test
    void removeIfTakesWaitingCallsButLeavesExpiredSlotsTaken() {
        table.add(call("quit", Long.MAX_VALUE));
        table.add(call("expired", 0));
        table.add(call("query-status", Long.MAX_VALUE));
        table.expireDue(1);
        assertThat(table.removeIf(c -> c.name.equals("quit"))).extracting(c -> c.name).containsExactly("quit");
        assertThat(table.removeIf(c -> true)).extracting(c -> c.name).containsExactly("query-status");
        assertThat(table.add(call("x", Long.MAX_VALUE))).isEqualTo(1);
        assertThat(table.add(call("y", Long.MAX_VALUE))).as("2 still waits for its late reply").isEqualTo(3);
    }

    @Test
    void removeOnlyRemovesTheSameCall() {
        PendingCall<Object> a = call("a", Long.MAX_VALUE);
        int id = table.add(a);
        assertThat(table.remove(id, call("other", 0))).isFalse();
        assertThat(table.remove(id, a)).isTrue();
        assertThat(table.remove(id, a)).isFalse();
    }

    @Test
    void concurrentAddersNeverShareAnIdInFlight() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        Set<Integer> inFlight = ConcurrentHashMap.newKeySet();
        Set<String> clashes = ConcurrentHashMap.newKeySet();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        PendingCall<Object> c = call("c", Long.MAX_VALUE);
                        int id = table.add(c);
                        seen.add(id);
                        if (!inFlight.add(id)) {
                            clashes.add("id " + id + " handed out twice");
                        }
                        inFlight.remove(id);
                        if (table.claim(id) != c) {
                            clashes.add("id " + id + " claimed another call");
                        }
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(clashes).isEmpty();
        assertThat(new HashSet<>(seen)).allMatch(id -> id >= 1 && id <= threads);
        assertThat(table.waiting()).isZero();
    }
}
