package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpConnectionClosedException;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.QmpProtocolException;
import org.colo4j.qmp.QmpTimeoutException;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.Migrate;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.QueryVersion;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.StatusInfo;
import org.colo4j.qmp.event.ColoExit;
import org.colo4j.qmp.event.QmpEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeQmpServerTest {

    private static final QmpOptions FAST = QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5))
            .withGreetingTimeout(Duration.ofSeconds(5));

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    private FakeQmpServer tcp() {
        return track(FakeQmpServer.builder().tcp().build());
    }

    @Test
    void greetsLikeQemu72ByteForByte() throws Exception {
        FakeQmpServer server = tcp();
        try (RawClient raw = new RawClient(server.endpoint())) {
            assertThat(raw.readRaw()).isEqualTo("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7},"
                    + " \"package\": \"Debian 1:7.2+dfsg-7+deb12u18+b3\"}, \"capabilities\": [\"oob\"]}}\r\n");
        }
    }

    @Test
    void greetsWithTheVersionTheTestChooses() {
        FakeQmpServer server = track(FakeQmpServer.builder().version(QemuVersion.of(8, 2, 2)).build());
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThat(qmp.greeting().version()).isEqualTo(QemuVersion.of(8, 2, 2));
        assertThat(qmp.oobEnabled()).isTrue();
        assertThat(qmp.execute(new QueryVersion()).qemu()).isEqualTo(QemuVersion.of(8, 2, 2));
    }

    @Test
    void negotiationErrorsAreQemus() throws Exception {
        FakeQmpServer server = tcp();
        try (RawClient raw = new RawClient(server.endpoint())) {
            raw.read();
            raw.send("{\"execute\": \"query-status\"}");
            assertThat(raw.read()).isEqualTo("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities"
                    + " negotiation with 'qmp_capabilities'\"}}");
            raw.send("{\"execute\": \"qmp_capabilities\", \"id\": 1}");
            assertThat(raw.read()).isEqualTo("{\"return\": {}, \"id\": 1}");
            raw.send("{\"execute\": \"qmp_capabilities\", \"id\": 2}");
            assertThat(raw.read()).isEqualTo("{\"id\": 2, \"error\": {\"class\": \"CommandNotFound\", \"desc\":"
                    + " \"Capabilities negotiation is already complete, command ignored\"}}");
            raw.send("{\"exec-oob\": \"query-status\", \"id\": 3}");
            assertThat(raw.read()).isEqualTo("{\"id\": 3, \"error\": {\"class\": \"GenericError\", \"desc\":"
                    + " \"QMP input member 'exec-oob' is unexpected\"}}");
        }
    }

    @Test
    void malformedInputGetsAnErrorWithoutId() throws Exception {
        FakeQmpServer server = tcp();
        try (RawClient raw = new RawClient(server.endpoint())) {
            raw.read();
            raw.send("{\"execute\": \"qmp_capabilities\"}");
            assertThat(raw.read()).isEqualTo("{\"return\": {}}");
            raw.send("[1, 2]");
            assertThat(raw.read()).isEqualTo("{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}");
            raw.send("garbage");
            assertThat(raw.read()).isEqualTo("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error,"
                    + " invalid keyword 'garbage'\"}}");
            raw.send("{\"execute\": \"nosuch\", \"id\": 4}");
            assertThat(raw.read()).isEqualTo("{\"id\": 4, \"error\": {\"class\": \"CommandNotFound\", \"desc\":"
                    + " \"The command nosuch has not been found\"}}");
            raw.send("{\"arguments\": {}, \"id\": 5}");
            assertThat(raw.read()).isEqualTo("{\"id\": 5, \"error\": {\"class\": \"GenericError\", \"desc\":"
                    + " \"QMP input lacks member 'execute'\"}}");
        }
        assertThat(server.received()).extracting(ReceivedCommand::name)
                .containsExactly("qmp_capabilities", "nosuch");
    }

    @Test
    void expectationsAnswerInOrderWithTypedReplies() {
        FakeQmpServer server = tcp();
        server.expect(QmpExchange.on(new QueryStatus()).reply(new StatusInfo(true, RunState.RUNNING, false)))
                .expect(QmpExchange.on("query-colo-status")
                        .reply(new ColoStatusInfo(ColoMode.PRIMARY, ColoMode.NONE, ColoExitReason.NONE)));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThat(qmp.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
        assertThat(qmp.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.PRIMARY);
        server.verify();
        assertThat(server.receivedNames()).containsExactly("query-status", "query-colo-status");
    }

    @Test
    void expectationsCheckArgumentsAndReportCommandsOutOfOrder() {
        FakeQmpServer server = tcp();
        server.expect(QmpExchange.on(Migrate.tcp("127.0.0.2", 9998)));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThatThrownBy(() -> qmp.execute(Migrate.tcp("127.0.0.3", 9998)))
                .isInstanceOf(QmpErrorResponseException.class)
                .hasMessageContaining("unexpected command 'migrate'");
        assertThatThrownBy(server::verify).isInstanceOf(AssertionError.class)
                .hasMessageContaining("received migrate {\"uri\": \"tcp:127.0.0.3:9998\"}")
                .hasMessageContaining("expected but never received: migrate {\"uri\": \"tcp:127.0.0.2:9998\"}");
        qmp.execute(Migrate.tcp("127.0.0.2", 9998));
        assertThat(server.problems()).hasSize(1);
    }

    @Test
    void errorRepliesCarryClassAndDescription() {
        FakeQmpServer server = tcp();
        server.stub(QmpExchange.on("nbd-server-start").error("GenericError", "NBD server already running"));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThatThrownBy(() -> qmp.execute("nbd-server-start", Map.of()))
                .isInstanceOfSatisfying(QmpErrorResponseException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo("GenericError");
                    assertThat(e.description()).isEqualTo("NBD server already running");
                });
    }

    @Test
    void stubsAnswerAnyNumberOfTimesOrAsOftenAsToldThenFallThrough() {
        FakeQmpServer server = tcp();
        server.stub(QmpExchange.on("query-status").replyJson("{\"status\": \"paused\", \"singlestep\": false, \"running\": false}")
                .times(2));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThat(qmp.execute(new QueryStatus()).status()).isEqualTo(RunState.PAUSED);
        assertThat(qmp.execute(new QueryStatus()).status()).isEqualTo(RunState.PAUSED);
        assertThatThrownBy(() -> qmp.execute(new QueryStatus()))
                .isInstanceOfSatisfying(QmpErrorResponseException.class, e -> assertThat(e.isCommandNotFound()).isTrue());
    }

    @Test
    void handlerAnswersWhatTheScriptDoesNot() {
        FakeQmpServer server = track(FakeQmpServer.builder().tcp()
                .handler(cmd -> QmpReply.ok(Map.of("echo", cmd.name()))).build());
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThat(qmp.execute("anything", Map.of()).path("echo").asText()).isEqualTo("anything");
    }

    @Test
    void eventsGoOutOnDemandAndAfterACommand() {
        FakeQmpServer server = track(FakeQmpServer.builder()
                .clock(Clock.fixed(Instant.ofEpochSecond(1795312880, 268467000), ZoneOffset.UTC)).build());
        server.expect(QmpExchange.on("migrate").thenEvent(FakeEvents.migration(MigrationStatus.SETUP)));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        QmpEvent setup = qmp.executeAndAwait(Migrate.tcp("127.0.0.2", 9998), "MIGRATION", e -> true, Duration.ofSeconds(5));
        assertThat(setup.as(QmpEvents.MIGRATION).status()).isEqualTo(MigrationStatus.SETUP);
        assertThat(setup.timestamp()).isEqualTo(Instant.ofEpochSecond(1795312880, 268467000));

        CompletableFuture<ColoExit> exit = CompletableFuture.supplyAsync(() ->
                qmp.awaitEvent(QmpEvents.COLO_EXIT, e -> true, Duration.ofSeconds(5)));
        // the waiter may subscribe after a first send: keep sending until it is seen
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!exit.isDone() && System.nanoTime() < deadline) {
            assertThat(server.sendEvent(FakeEvents.coloExit(ColoMode.SECONDARY, ColoExitReason.ERROR))).isTrue();
            sleep(20);
        }
        assertThat(exit.join()).isEqualTo(new ColoExit(ColoMode.SECONDARY, ColoExitReason.ERROR));
    }

    @Test
    void eventsWithoutDataOmitTheMemberAndEventsBeforeNegotiationAreDropped() throws Exception {
        FakeQmpServer server = tcp();
        try (RawClient raw = new RawClient(server.endpoint())) {
            raw.read();
            waitUntil(server::hasClient);
            assertThat(server.sendEvent("STOP")).isFalse();
            assertThat(server.droppedEvents()).isEqualTo(1);
            raw.send("{\"execute\": \"qmp_capabilities\"}");
            raw.read();
            server.awaitClient(Duration.ofSeconds(5));
            assertThat(server.sendEvent("STOP")).isTrue();
            assertThat(raw.read()).matches("\\{\"timestamp\": \\{\"seconds\": \\d+, \"microseconds\": \\d+}, \"event\": \"STOP\"}");
        }
    }

    @Test
    void recordsEveryCommandWithArgumentsAndConnection() {
        FakeQmpServer server = tcp();
        server.stub(QmpExchange.on("migrate"));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        qmp.execute(Migrate.tcp("127.0.0.2", 9998));
        ReceivedCommand migrate = server.awaitCommand("migrate", Duration.ofSeconds(5));
        assertThat(migrate.argument("uri").asText()).isEqualTo("tcp:127.0.0.2:9998");
        assertThat(migrate.matches(Migrate.tcp("127.0.0.2", 9998))).isTrue();
        assertThat(migrate.connection()).isEqualTo(1);
        assertThat(migrate.id()).isNotNull();
        assertThat(server.received().get(0).name()).isEqualTo("qmp_capabilities");
        assertThat(server.received().get(0).argument("enable").get(0).asText()).isEqualTo("oob");
        assertThatThrownBy(() -> server.awaitCommand("migrate", Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no (further) 'migrate'");
    }

    @Test
    void faultCloseMidCallFailsThePendingCall() {
        FakeQmpServer server = tcp();
        server.expect(QmpExchange.on("migrate").respond(QmpReply.closeConnection()));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThatThrownBy(() -> qmp.execute(Migrate.tcp("127.0.0.2", 9998)))
                .isInstanceOf(QmpConnectionClosedException.class);
        // QEMU keeps listening after a client goes: a new connection works
        QmpClient again = track(QmpClient.connect(server.endpoint(), FAST));
        assertThat(again.execute(new QueryVersion()).qemu()).isEqualTo(QemuVersion.of(7, 2, 22));
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void faultGarbageIsAProtocolError() {
        FakeQmpServer server = tcp();
        server.expect(QmpExchange.on("query-status").respond(QmpReply.garbage("{\"retur")));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThatThrownBy(() -> qmp.execute(new QueryStatus())).isInstanceOf(QmpProtocolException.class);
    }

    @Test
    void faultGarbageOnDemandClosesTheClient() {
        FakeQmpServer server = tcp();
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThat(server.sendLine("not json at all")).isTrue();
        waitUntil(() -> !qmp.isOpen());
    }

    @Test
    void faultDelayedReplyArrivesLateOrTimesOut() {
        FakeQmpServer server = tcp();
        server.stub(QmpExchange.on("slow").respond(QmpReply.okJson("{\"n\": 1}").delayedBy(Duration.ofMillis(300))));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        long start = System.nanoTime();
        JsonNode r = qmp.execute("slow", Map.of());
        assertThat(r.path("n").asInt()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(280));
        assertThatThrownBy(() -> qmp.execute(new Slow(), Duration.ofMillis(100)))
                .isInstanceOf(QmpTimeoutException.class);
    }

    @Test
    void faultNoReplyRunsIntoTheClientsDeadline() {
        FakeQmpServer server = tcp();
        server.expect(QmpExchange.on("migrate").respond(QmpReply.noReply()));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        assertThatThrownBy(() -> qmp.execute(Migrate.tcp("127.0.0.2", 9998), Duration.ofMillis(200)))
                .isInstanceOf(QmpTimeoutException.class);
    }

    @Test
    void faultSlowGreetingRunsIntoTheGreetingDeadline() {
        FakeQmpServer server = track(FakeQmpServer.builder().tcp().greetingDelay(Duration.ofSeconds(3)).build());
        assertThatThrownBy(() -> QmpClient.connect(server.endpoint(), FAST.withGreetingTimeout(Duration.ofMillis(200))))
                .isInstanceOf(QmpTimeoutException.class);
    }

    @Test
    void oobCommandsOvertakeASlowInBandCommand() throws Exception {
        FakeQmpServer server = tcp();
        server.stub(QmpExchange.on("slow").respond(QmpReply.empty().delayedBy(Duration.ofMillis(1500))));
        server.stub(QmpExchange.on("migrate-pause"));
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        CompletableFuture<JsonNode> slow = qmp.executeAsync("slow", Map.of());
        qmp.executeOob(new OobProbe());
        assertThat(slow).isNotDone();
        assertThat(slow.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        assertThat(server.received().get(2).oob()).isTrue();
    }

    /** The command the delayed-reply test stubs. */
    record Slow() implements org.colo4j.qmp.QmpCommand<JsonNode> {
        @Override
        public String commandName() {
            return "slow";
        }

        @Override
        public org.colo4j.qmp.QmpReturn<JsonNode> returnType() {
            return org.colo4j.qmp.QmpReturn.raw();
        }
    }

    /** A command sent out of band. */
    record OobProbe() implements org.colo4j.qmp.QmpCommand<Void> {
        @Override
        public String commandName() {
            return "migrate-pause";
        }

        @Override
        public org.colo4j.qmp.QmpReturn<Void> returnType() {
            return org.colo4j.qmp.QmpReturn.none();
        }
    }

    @Test
    void unixSocketWorksAndCloseRemovesIt() {
        FakeQmpServer server = FakeQmpServer.start();
        Path socket = ((QmpEndpoint.Unix) server.endpoint()).path();
        assertThat(socket).exists();
        try (QmpClient qmp = QmpClient.connect(server.endpoint(), FAST)) {
            assertThat(qmp.execute(new QueryVersion()).qemu()).isEqualTo(QemuVersion.of(7, 2, 22));
        }
        server.close();
        assertThat(socket).doesNotExist();
        assertThat(socket.getParent()).doesNotExist();
    }

    @Test
    void closeReleasesThePortAndTheThreads() throws Exception {
        java.util.Set<Thread> before = fakeThreads();
        FakeQmpServer server = FakeQmpServer.builder().tcp().build();
        QmpClient qmp = server.connect();
        qmp.execute(new QueryVersion());
        int port = ((QmpEndpoint.Tcp) server.endpoint()).port();
        assertThat(fakeThreads()).hasSizeGreaterThan(before.size());
        server.close();
        assertThat(qmp.isOpen()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(ConnectException.class);
        waitUntil(() -> before.containsAll(fakeThreads()));
    }

    static java.util.Set<Thread> fakeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("colo4j-fake-qmp-") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void killLeavesClientsToSeeEofAndRefusesNewOnes() {
        FakeQmpServer server = tcp();
        QmpClient qmp = track(QmpClient.connect(server.endpoint(), FAST));
        server.kill();
        waitUntil(() -> !qmp.isOpen());
        assertThatThrownBy(() -> QmpClient.connect(server.endpoint(), FAST)).isInstanceOf(org.colo4j.qmp.QmpException.class);
    }

    @Test
    void builderReportsEveryInvalidSetting() throws Exception {
        Path dir = Files.createTempDirectory("colo4j-test-");
        try {
            Path existing = Files.createFile(dir.resolve("taken.sock"));
            assertThatThrownBy(() -> FakeQmpServer.builder().unix(existing).greetingDelay(Duration.ofSeconds(-1)).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("greetingDelay must not be negative")
                    .hasMessageContaining("already exists");
        } finally {
            Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            sleep(10);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
