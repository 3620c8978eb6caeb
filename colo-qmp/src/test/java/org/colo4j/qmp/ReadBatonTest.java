package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The read baton's hand-over on the fake server: a blocking call that is the only call in flight
 * reads its own reply; events, stray and late replies and other callers' replies that reach it on
 * the way are dispatched as the reader thread would; the baton goes back to the reader thread when
 * other calls still wait, and a deadline or a close ends a leader's read. The reader thread's
 * linger is made very long here, so each case depends on the hand-over alone, never on timing.
 */
class ReadBatonTest {

    private static final QmpOptions FAST = QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(10));
    /** Far longer than any test: the reader thread comes in only when it is called. */
    private static final long LONG_LINGER = 600_000;

    private FakeQmpServer server;
    private QmpClient client;
    private long strayId = 700_000_000L + (System.nanoTime() & 0xffffff);

    @BeforeEach
    void longLinger() {
        ReadBaton.lingerMillisForNewConnections = LONG_LINGER;
    }

    @AfterEach
    void tearDown() throws IOException {
        ReadBaton.lingerMillisForNewConnections = ReadBaton.LINGER_MILLIS;
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A blocking call that the server received and never answers, its caller reading (the baton's leader). */
    private CompletableFuture<JsonNode> aCallerReadingAnUnansweredCall() throws Exception {
        LinkedBlockingQueue<JsonNode> held = new LinkedBlockingQueue<>();
        connect(FakeQmpServer.tcp().handler((cmd, s) -> held.add(cmd)));
        CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(
                () -> client.execute(new QmpClientTest.Echo(1), Duration.ofMinutes(5)));
        assertThat(held.poll(10, TimeUnit.SECONDS)).isNotNull();
        return a;
    }

    private QmpClient connect(FakeQmpServer s) {
        server = s.start();
        client = QmpClient.connect(s.endpoint(), FAST.withName("baton" + (strayId % 1000)));
        return client;
    }

    /** Which thread dispatched the stray reply with {@code id} (the reading thread logs its WARN). */
    private static List<String> threadsThatRead(long id) {
        return CapturedLogs.matching(e -> e.level() == Level.WARN && e.message().contains("to id " + id + ","))
                .stream().map(CapturedLogs.Entry::thread).toList();
    }

    private static String readerThread(QmpClient c) {
        return "colo4j-qmp-reader-" + c.name();
    }

    @Test
    void aBlockingCallAloneReadsItsOwnReplyAndWhatComesBeforeIt() throws Exception {
        long stray = strayId;
        List<String> events = new CopyOnWriteArrayList<>();
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            s.event("RESUME", null);
            s.send("{\"return\": {}, \"id\": " + stray + "}");
            s.reply(cmd, String.valueOf(cmd.path("arguments").path("n").asInt()));
        }));
        CountDownLatch delivered = new CountDownLatch(2);
        client.onEvent("RESUME", e -> {
            events.add(e.name());
            delivered.countDown();
        });

        JsonNode first = client.execute(new QmpClientTest.Echo(41));
        JsonNode second = client.execute(new QmpClientTest.Echo(42));

        assertThat(first.asInt()).isEqualTo(41);
        assertThat(second.asInt()).isEqualTo(42);
        assertThat(threadsThatRead(stray)).containsExactly(Thread.currentThread().getName(),
                Thread.currentThread().getName());
        assertThat(delivered.await(10, TimeUnit.SECONDS)).as("both events reached the listener").isTrue();
        assertThat(events).containsExactly("RESUME", "RESUME");
    }

    @Test
    void anAsynchronousCallIsReadByTheReaderThread() throws Exception {
        long stray = strayId;
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            s.send("{\"return\": {}, \"id\": " + stray + "}");
            s.reply(cmd, String.valueOf(cmd.path("arguments").path("n").asInt()));
        }));
        JsonNode r = client.executeAsync(new QmpClientTest.Echo(7)).get(10, TimeUnit.SECONDS);
        assertThat(r.asInt()).isEqualTo(7);
        assertThat(threadsThatRead(stray)).containsExactly(readerThread(client));
    }

    @Test
    void onceTheReaderThreadHasAnsweredEveryWaitingCallTheNextBlockingCallReadsItsOwnReply() throws Exception {
        long stray = strayId;
        JsonNode[] first = new JsonNode[1];
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            int n = cmd.path("arguments").path("n").asInt();
            if (n == 1) {
                first[0] = cmd; // answered together with the blocking call that follows
                return;
            }
            if (n == 2) {
                // Both replies in one write, so that one read takes both.
                s.send("{\"return\": 1, \"id\": " + first[0].get("id") + "}\r\n{\"return\": 2, \"id\": "
                        + cmd.get("id") + "}");
                return;
            }
            if (n >= 3) {
                s.send("{\"return\": {}, \"id\": " + (stray + n) + "}");
            }
            s.reply(cmd, String.valueOf(n));
        }));
        // A blocking call sent while an asynchronous one waits does not lead: the reader thread reads both.
        CompletableFuture<JsonNode> async = client.executeAsync(new QmpClientTest.Echo(1));
        assertThat(client.execute(new QmpClientTest.Echo(2)).asInt()).isEqualTo(2);
        assertThat(async.get(10, TimeUnit.SECONDS).asInt()).isEqualTo(1);
        // With nothing left in flight the reader thread lets go, and blocking calls read for themselves
        // again. (A call sent in the instant between the reader thread completing the last reply and
        // letting go is still read by it: one more hand-off, so the check spans several calls.)
        List<String> readers = new java.util.ArrayList<>();
        for (int n = 3; n < 13; n++) {
            assertThat(client.execute(new QmpClientTest.Echo(n)).asInt()).isEqualTo(n);
            readers.addAll(threadsThatRead(stray + n));
        }
        assertThat(readers).hasSize(10).contains(Thread.currentThread().getName());
        assertThat(readers.subList(readers.size() - 1, readers.size())).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aSecondCallerWhileOneReadsIsAnsweredByTheReaderAfterTheFirstLeaves() throws Exception {
        LinkedBlockingQueue<JsonNode> held = new LinkedBlockingQueue<>();
        connect(FakeQmpServer.tcp().handler((cmd, s) -> held.add(cmd)));
        CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(() -> client.execute(new QmpClientTest.Echo(1)));
        JsonNode cmdA = held.poll(10, TimeUnit.SECONDS);
        CompletableFuture<JsonNode> b = CompletableFuture.supplyAsync(() -> client.execute(new QmpClientTest.Echo(2)));
        JsonNode cmdB = held.poll(10, TimeUnit.SECONDS);
        assertThat(cmdA).isNotNull();
        assertThat(cmdB).isNotNull();

        server.send("{\"return\": 1, \"id\": " + cmdA.get("id") + "}");
        assertThat(a.get(10, TimeUnit.SECONDS).asInt()).isEqualTo(1);
        assertThat(b).isNotDone();
        // Whoever read the first reply has left; the second call's reply still gets read.
        server.send("{\"return\": 2, \"id\": " + cmdB.get("id") + "}");
        assertThat(b.get(10, TimeUnit.SECONDS).asInt()).isEqualTo(2);
    }

    @Test
    void aReplyForAnotherCallerReachingTheReaderCompletesThatCall() throws Exception {
        LinkedBlockingQueue<JsonNode> held = new LinkedBlockingQueue<>();
        connect(FakeQmpServer.tcp().handler((cmd, s) -> held.add(cmd)));
        CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(() -> client.execute(new QmpClientTest.Echo(1)));
        JsonNode cmdA = held.poll(10, TimeUnit.SECONDS);
        CompletableFuture<JsonNode> b = CompletableFuture.supplyAsync(() -> client.execute(new QmpClientTest.Echo(2)));
        JsonNode cmdB = held.poll(10, TimeUnit.SECONDS);

        // The second call's reply comes first, then the first's: one reader dispatches both, in order.
        server.send("{\"return\": 2, \"id\": " + cmdB.get("id") + "}");
        assertThat(b.get(10, TimeUnit.SECONDS).asInt()).isEqualTo(2);
        server.send("{\"return\": 1, \"id\": " + cmdA.get("id") + "}");
        assertThat(a.get(10, TimeUnit.SECONDS).asInt()).isEqualTo(1);
    }

    @Test
    void aLeaderPastItsDeadlineLeavesAndItsLateReplyIsDroppedNotTakenForTheNext() throws Exception {
        LinkedBlockingQueue<JsonNode> held = new LinkedBlockingQueue<>();
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            if (cmd.path("arguments").path("n").asInt() == 1) {
                held.add(cmd);
            } else {
                s.reply(cmd, String.valueOf(cmd.path("arguments").path("n").asInt()));
            }
        }));
        assertThatThrownBy(() -> client.execute(new QmpClientTest.Echo(1), Duration.ofMillis(200)))
                .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("echo got no reply");
        JsonNode late = held.poll(10, TimeUnit.SECONDS);
        server.send("{\"return\": \"late\", \"id\": " + late.get("id") + "}");
        // The next call gets another id while the late reply may still be on its way, and its own answer.
        JsonNode next = client.execute(new QmpClientTest.Echo(2));
        assertThat(next.asInt()).isEqualTo(2);
        assertThat(server.received().get(1).get("id")).isNotEqualTo(late.get("id"));
        assertThat(client.execute(new QmpClientTest.Echo(3)).asInt()).isEqualTo(3);
    }

    @Test
    void closingWhileACallerReadsFailsItsCall() throws Exception {
        CompletableFuture<JsonNode> a = aCallerReadingAnUnansweredCall();
        client.close();
        assertThatThrownBy(() -> a.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("closed by this client");
    }

    @Test
    void qemuGoingAwayWhileACallerReadsFailsItsCall() throws Exception {
        CompletableFuture<JsonNode> a = aCallerReadingAnUnansweredCall();
        server.dropClient();
        assertThatThrownBy(() -> a.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("EOF");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void anEventWhileNoCallWaitsIsReadOnceTheLingerEnds() throws Exception {
        ReadBaton.lingerMillisForNewConnections = ReadBaton.LINGER_MILLIS;
        connect(FakeQmpServer.tcp());
        client.execute("query-status", Map.of());
        try (QmpEventWaiter waiter = client.expectEvent("STOP", e -> true)) {
            server.send("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}");
            assertThat(waiter.await(Duration.ofSeconds(10)).name()).isEqualTo("STOP");
        }
    }
}
