package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QmpClientTest {

    /** A command whose reply echoes its {@code n} argument back, used to check correlation. */
    record Echo(int n) implements QmpCommand<JsonNode> {
        @Override
        public String commandName() {
            return "echo";
        }

        @Override
        public QmpReturn<JsonNode> returnType() {
            return QmpReturn.raw();
        }
    }

    /** A command without arguments; the name is not an argument, hence {@code @JsonIgnore}. */
    record Plain(@com.fasterxml.jackson.annotation.JsonIgnore String commandName) implements QmpCommand<Void> {
        @Override
        public QmpReturn<Void> returnType() {
            return QmpReturn.none();
        }
    }

    private static final QmpOptions FAST = QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5));

    private FakeQmpServer server;
    private QmpClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static final FakeQmpServer.Session[] LAST = new FakeQmpServer.Session[1];

    private QmpClient connect(FakeQmpServer s) {
        server = s.start();
        client = QmpClient.connect(s.endpoint(), FAST);
        return client;
    }

    private static void echoHandler(JsonNode cmd, FakeQmpServer.Session s) {
        s.reply(cmd, String.valueOf(cmd.path("arguments").path("n").asInt()));
    }

    @Test
    void greetingIsParsedAndOobNegotiatedWhenOffered() throws Exception {
        connect(FakeQmpServer.tcp());
        assertThat(client.greeting().version()).isEqualTo(QemuVersion.of(7, 2, 22));
        assertThat(client.greeting().packageName()).startsWith("Debian 1:7.2");
        assertThat(client.greeting().offersOob()).isTrue();
        assertThat(client.oobEnabled()).isTrue();
        assertThat(server.capabilitiesCommand().path("arguments").path("enable").get(0).asText()).isEqualTo("oob");
    }

    @Test
    void eventsBeforeTheGreetingAreSkipped() throws Exception {
        connect(FakeQmpServer.tcp().greeting(
                "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"RESUME\"}\r\n"
                + FakeQmpServer.GREETING_7_2));
        assertThat(client.greeting().version()).isEqualTo(QemuVersion.of(7, 2, 22));
        assertThat(client.execute("query-status", Map.of())).isNotNull();
    }

    @Test
    void aNonQmpGreetingIsAProtocolError() throws Exception {
        server = FakeQmpServer.tcp().greeting("{\"hello\": \"world\"}").start();
        assertThatThrownBy(() -> QmpClient.connect(server.endpoint(), FAST))
                .isInstanceOf(QmpProtocolException.class).hasMessageContaining("not a QMP greeting");
    }

    @Test
    void oobIsNotRequestedWhenNotOffered() throws Exception {
        connect(FakeQmpServer.tcp().greeting(
                "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 5}, \"package\": \"\"}, \"capabilities\": []}}"));
        assertThat(client.oobEnabled()).isFalse();
        assertThat(server.capabilitiesCommand().has("arguments")).isFalse();
        assertThatThrownBy(() -> client.executeOob(new Echo(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("OOB is not enabled");
    }

    @Test
    void executeOobSendsExecOob() throws Exception {
        connect(FakeQmpServer.tcp().handler(QmpClientTest::echoHandler));
        assertThat(client.executeOob(new Echo(7)).asInt()).isEqualTo(7);
        JsonNode sent = server.received().get(0);
        assertThat(sent.path("exec-oob").asText()).isEqualTo("echo");
        assertThat(sent.has("execute")).isFalse();
    }

    @Test
    void everyCommandCarriesAnIdAndArguments() throws Exception {
        connect(FakeQmpServer.tcp().handler(QmpClientTest::echoHandler));
        client.execute(new Echo(3));
        client.execute(new Plain("stop"));
        List<JsonNode> sent = server.received();
        assertThat(sent.get(0).toString()).matches("\\{\"execute\":\"echo\",\"arguments\":\\{\"n\":3},\"id\":\\d+}");
        assertThat(sent.get(1).has("arguments")).as("a command without arguments sends none").isFalse();
        assertThat(sent.get(0).path("id").asLong()).as("an answered call's id is reused: ids stay short").isEqualTo(1);
        assertThat(sent.get(1).path("id").asLong()).isEqualTo(1);
    }

    @Test
    void repliesOutOfOrderReachTheirOwnCallers() throws Exception {
        List<JsonNode> held = new CopyOnWriteArrayList<>();
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            held.add(cmd);
            if (held.size() == 5) {
                for (int i = 4; i >= 0; i--) {
                    echoHandler(held.get(i), s);
                }
            }
        }));
        List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(client.executeAsync(new Echo(100 + i)));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(futures.get(i).get(5, TimeUnit.SECONDS).asInt()).isEqualTo(100 + i);
        }
    }

    @Test
    void eventsInterleavedWithRepliesGoToListenersAndRepliesStillCorrelate() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            s.event("STOP", null);
            s.event("MIGRATION", "{\"status\": \"colo\"}");
            echoHandler(cmd, s);
            s.event("RESUME", null);
        }));
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        try (QmpSubscription sub = client.onAnyEvent(e -> {
            seen.add(e.name());
            three.countDown();
        })) {
            assertThat(client.execute(new Echo(1)).asInt()).isEqualTo(1);
            assertThat(client.execute(new Echo(2)).asInt()).isEqualTo(2);
            assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen.subList(0, 3)).containsExactly("STOP", "MIGRATION", "RESUME");
    }

    @Test
    void hundredConcurrentCallersEachGetTheirOwnReply() throws Exception {
        connect(FakeQmpServer.tcp().handler(QmpClientTest::echoHandler));
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < 100; t++) {
                int base = t * 1000;
                results.add(pool.submit(() -> {
                    go.await();
                    int ok = 0;
                    for (int i = 0; i < 20; i++) {
                        if (client.execute(new Echo(base + i)).asInt() == base + i) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            go.countDown();
            for (Future<Integer> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(20);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.received()).hasSize(2000);
    }

    @Test
    void eofMidCallFailsEveryPendingCallWithin100ms() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> { }));
        List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(client.executeAsync(new Echo(i)));
        }
        for (int i = 0; i < 10; i++) {
            server.nextCommand();
        }
        server.dropClient();
        for (CompletableFuture<JsonNode> f : futures) {
            assertThatThrownBy(() -> f.get(100, TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("EOF");
        }
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> client.execute(new Echo(1))).isInstanceOf(QmpConnectionClosedException.class);
    }

    @Test
    void quitSucceedsWhenQemuClosesTheConnection() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            if ("quit".equals(cmd.path("execute").asText())) {
                s.event("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}");
                s.close();
            }
        }));
        CompletableFuture<JsonNode> other = client.executeAsync(new Echo(1));
        client.execute(new Plain("quit"));
        assertThatThrownBy(() -> other.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(QmpConnectionClosedException.class);
    }

    @Test
    void whatQemuSentJustBeforeClosingIsStillRead(@TempDir Path dir) throws Exception {
        connect(FakeQmpServer.unix(dir.resolve("qmp.sock")).handler((cmd, s) -> {
            s.event("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}");
            echoHandler(cmd, s);
            s.close();
        }));
        try (QmpEventWaiter shutdown = client.expectEvent("SHUTDOWN", e -> true)) {
            assertThat(client.execute(new Echo(42)).asInt()).as("the reply before the close").isEqualTo(42);
            assertThat(shutdown.await(Duration.ofSeconds(5)).get("reason").asText()).isEqualTo("host-qmp-quit");
        }
    }

    @Test
    void errorReplyKeepsClassDescriptionAndCommand() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> s.error(cmd, "CommandNotFound", "The command echo has not been found")));
        assertThatThrownBy(() -> client.execute(new Echo(9)))
                .isInstanceOfSatisfying(QmpErrorResponseException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo("CommandNotFound");
                    assertThat(e.isCommandNotFound()).isTrue();
                    assertThat(e.description()).isEqualTo("The command echo has not been found");
                    assertThat(e.command()).isEqualTo("{\"execute\":\"echo\",\"arguments\":{\"n\":9}}");
                });
        assertThat(client.isOpen()).as("an error reply does not close the connection").isTrue();
    }

    @Test
    void garbageLineFailsPendingCallsWithProtocolErrorAndCloses() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> s.send("this is not json")));
        assertThatThrownBy(() -> client.execute(new Echo(1)))
                .isInstanceOf(QmpProtocolException.class).hasMessageContaining("not JSON").hasMessageContaining("this is not json");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void errorWithoutIdIsAProtocolError() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) ->
                s.send("{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}")));
        assertThatThrownBy(() -> client.execute(new Echo(1)))
                .isInstanceOf(QmpProtocolException.class).hasMessageContaining("no id")
                .hasMessageContaining("QMP input must be a JSON object");
    }

    @Test
    void repliesNoCallWaitsForAreDroppedAndTheConnectionStaysOpen() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            s.send("{\"return\": {}, \"id\": 987654321}");             // never sent (the fast path's shape)
            s.send("{\"return\": 5, \"id\": 987654322}");              // never sent (the general path's shape)
            s.send("{\"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}, \"id\": 987654323}");
            s.send("{\"return\": {}, \"id\": \"not-a-number\"}");
            echoHandler(cmd, s);
            echoHandler(cmd, s);                                         // answered twice
            s.event("MARK", null);                                       // everything above has been read
        }));
        for (int n = 1; n <= 3; n++) {
            try (QmpEventWaiter mark = client.expectEvent("MARK", e -> true)) {
                assertThat(client.execute(new Echo(n)).asInt()).isEqualTo(n);
                mark.await(Duration.ofSeconds(5));
            }
            assertThat(client.isOpen()).as("after call %d", n).isTrue();
        }
        assertThat(server.received()).extracting(c -> c.path("id").asInt())
                .as("each duplicate was dropped before the next call reused its id").containsExactly(1, 1, 1);
    }

    @Test
    void overLongLineIsAProtocolError() throws Exception {
        server = FakeQmpServer.tcp().handler((cmd, s) -> s.reply(cmd, "\"" + "x".repeat(5000) + "\"")).start();
        client = QmpClient.connect(server.endpoint(), FAST.withMaxLineLength(4096));
        assertThatThrownBy(() -> client.execute(new Echo(1)))
                .isInstanceOf(QmpProtocolException.class).hasMessageContaining("longer than 4096");
    }

    @Test
    void lineJustUnderTheLimitIsAccepted() throws Exception {
        String payload = "y".repeat(3000);
        server = FakeQmpServer.tcp().handler((cmd, s) -> s.reply(cmd, "\"" + payload + "\"")).start();
        client = QmpClient.connect(server.endpoint(), FAST.withMaxLineLength(4096));
        assertThat(client.execute(new Echo(1)).asText()).isEqualTo(payload);
    }

    @Test
    void slowGreetingHitsTheDeadline() throws Exception {
        server = FakeQmpServer.tcp().greetingDelay(Duration.ofSeconds(3)).start();
        long start = System.nanoTime();
        assertThatThrownBy(() -> QmpClient.connect(server.endpoint(), FAST.withGreetingTimeout(Duration.ofMillis(200))))
                .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("no QMP greeting");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void callWithoutReplyTimesOutAndTheConnectionStaysUsable() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<JsonNode> unanswered = new CopyOnWriteArrayList<>();
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                unanswered.add(cmd);
                return;
            }
            if (n == 2) {
                echoHandler(unanswered.get(0), s); // the first call's reply, late, just before this one's
            }
            echoHandler(cmd, s);
        }));
        assertThatThrownBy(() -> client.execute(new Echo(1), Duration.ofMillis(150)))
                .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("echo got no reply");
        assertThat(client.execute(new Echo(2)).asInt()).as("a late reply is dropped, not misrouted").isEqualTo(2);
        assertThat(client.isOpen()).isTrue();
        List<JsonNode> sent = server.received();
        assertThat(sent.get(0).path("id").asLong()).isEqualTo(1);
        assertThat(sent.get(1).path("id").asLong()).as("the timed-out call's id stays taken until its late reply").isEqualTo(2);
        assertThat(client.execute(new Echo(3)).asInt()).isEqualTo(3);
        assertThat(server.received().get(2).path("id").asLong()).as("free again after the late reply").isEqualTo(1);
    }

    @Test
    void throwingOrSleepingListenersDoNotStallReplies() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            s.event("STOP", null);
            echoHandler(cmd, s);
        }));
        CountDownLatch release = new CountDownLatch(1);
        try (QmpSubscription sleeper = client.onEvent("STOP", e -> {
                 try {
                     release.await(10, TimeUnit.SECONDS);
                 } catch (InterruptedException ignored) {
                     Thread.currentThread().interrupt();
                 }
             });
             QmpSubscription thrower = client.onEvent("STOP", e -> {
                 throw new IllegalStateException("listener bug");
             })) {
            for (int i = 0; i < 50; i++) {
                assertThat(client.execute(new Echo(i), Duration.ofSeconds(1)).asInt()).isEqualTo(i);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void fullListenerQueueDropsEventsForListenersOnlyAndCountsThem() throws Exception {
        server = FakeQmpServer.tcp().handler((cmd, s) -> {
            for (int i = 0; i < 50; i++) {
                s.event("RESET", null);
            }
            echoHandler(cmd, s);
        }).start();
        client = QmpClient.connect(server.endpoint(), FAST.withEventQueueCapacity(10));
        CountDownLatch release = new CountDownLatch(1);
        try (QmpSubscription blocked = client.onEvent("RESET", e -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        })) {
            try (QmpEventWaiter waiter = client.expectEvent("RESET", e -> true)) {
                assertThat(client.execute(new Echo(5)).asInt()).isEqualTo(5);
                assertThat(waiter.await(Duration.ofSeconds(1)).name()).as("waiters never lose events").isEqualTo("RESET");
            }
            assertThat(client.droppedEvents()).isBetween(39L, 40L);
        } finally {
            release.countDown();
        }
    }

    @Test
    void executeAndAwaitCatchesAnEventSentBeforeTheReply() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> {
            s.event("STOP", null);
            s.reply(cmd, "{}");
        }));
        QmpEvent stop = client.executeAndAwait(new Plain("stop"), "STOP", e -> true, Duration.ofSeconds(2));
        assertThat(stop.name()).isEqualTo("STOP");
        assertThat(stop.timestamp().getEpochSecond()).isEqualTo(1795311965L);
    }

    @Test
    void awaitEventAppliesThePredicateAndTimesOut() throws Exception {
        connect(FakeQmpServer.tcp());
        CompletableFuture<QmpEvent> colo = CompletableFuture.supplyAsync(() ->
                client.awaitEvent("MIGRATION", e -> "colo".equals(e.get("status").asText()), Duration.ofSeconds(5)));
        Thread.sleep(100);
        server.send("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 0}, \"event\": \"MIGRATION\", \"data\": {\"status\": \"active\"}}");
        server.send("{\"timestamp\": {\"seconds\": 2, \"microseconds\": 0}, \"event\": \"MIGRATION\", \"data\": {\"status\": \"colo\"}}");
        assertThat(colo.get(5, TimeUnit.SECONDS).timestamp().getEpochSecond()).isEqualTo(2);

        assertThatThrownBy(() -> client.awaitEvent("COLO_EXIT", e -> true, Duration.ofMillis(100)))
                .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("COLO_EXIT");
    }

    @Test
    void waitersFailWhenTheConnectionCloses() throws Exception {
        connect(FakeQmpServer.tcp());
        try (QmpEventWaiter waiter = client.expectEvent("COLO_EXIT", e -> true)) {
            server.dropClient();
            assertThatThrownBy(() -> waiter.await(Duration.ofSeconds(2))).isInstanceOf(QmpConnectionClosedException.class);
        }
    }

    @Test
    void untypedExecuteSendsMapArgumentsInOrder() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> s.reply(cmd, "{\"mode\": \"none\"}")));
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        args.put("b", 1);
        args.put("a", "x");
        JsonNode ret = client.execute("query-colo-status", args);
        assertThat(ret.path("mode").asText()).isEqualTo("none");
        assertThat(server.received().get(0).path("arguments").toString()).isEqualTo("{\"b\":1,\"a\":\"x\"}");
    }

    @Test
    void hmpReturnsTheOutputText() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> s.reply(cmd, "\"VM status: running\\r\\n\"")));
        assertThat(client.hmp("info status")).isEqualTo("VM status: running\r\n");
        assertThat(server.received().get(0).path("arguments").path("command-line").asText()).isEqualTo("info status");
    }

    @Test
    void unixSocketCarriesFileDescriptors(@TempDir Path dir) throws Exception {
        List<Integer> fdCounts = new CopyOnWriteArrayList<>();
        connect(FakeQmpServer.unix(dir.resolve("qmp.sock")).handler((cmd, s) -> {
            java.io.FileDescriptor[] fds = s.receivedFds();
            fdCounts.add(fds == null ? 0 : fds.length);
            s.reply(cmd, "{}");
        }));
        try (FileOutputStream file = new FileOutputStream(dir.resolve("data").toFile())) {
            client.executeWithFds(new Plain("getfd"), file.getFD());
        }
        assertThat(fdCounts).containsExactly(1);
        // The connection (a JDK channel; the descriptors went through a junixsocket duplicate) works on,
        // for blocking and asynchronous calls alike, and still closes promptly.
        client.execute(new Plain("query-status"));
        client.executeAsync(new Plain("query-status")).get(10, TimeUnit.SECONDS);
        client.executeWithFds(new Plain("getfd"), java.io.FileDescriptor.out);
        assertThat(fdCounts).containsExactly(1, 0, 0, 1);
    }

    @Test
    void fdPassingOverTcpIsRefusedWithTheFix() throws Exception {
        connect(FakeQmpServer.tcp());
        assertThatThrownBy(() -> client.executeWithFds(new Plain("getfd"), java.io.FileDescriptor.out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QmpEndpoint.unix");
        assertThat(server.received()).as("nothing was sent").isEmpty();
    }

    @Test
    void connectingToNothingNamesTheEndpointAndTheFix(@TempDir Path dir) {
        QmpEndpoint missing = QmpEndpoint.unix(dir.resolve("absent.qmp"));
        assertThatThrownBy(() -> QmpClient.connect(missing))
                .isInstanceOf(QmpConnectException.class)
                .hasMessageContaining("unix:" + dir.resolve("absent.qmp"))
                .hasMessageContaining("-qmp unix:");
    }

    @Test
    void closeFailsPendingCallsAndIsIdempotent() throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> { }));
        CompletableFuture<JsonNode> pending = client.executeAsync(new Echo(1));
        server.nextCommand();
        client.close();
        client.close();
        assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("closed by this client");
    }
}
