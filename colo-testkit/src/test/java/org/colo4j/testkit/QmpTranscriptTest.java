package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.Role;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.command.ChardevRemove;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.NbdServerStop;
import org.colo4j.qmp.command.ObjectDel;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.XColoLostHeartbeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QmpTranscriptTest {

    private static QmpTranscript recorded() throws Exception {
        Path file = Path.of(QmpTranscriptTest.class.getResource("/transcripts/secondary-failover.qmp").toURI());
        return QmpTranscript.read(file);
    }

    @Test
    void parsesMultiLineEntriesAndComments() throws Exception {
        QmpTranscript t = recorded();
        assertThat(t.entries()).hasSize(17);
        assertThat(t.entries().get(0).line()).isEqualTo(2);
        assertThat(t.entries().get(0).message().path("QMP").path("capabilities").get(0).asText()).isEqualTo("oob");
        assertThat(t.commandNames()).containsExactly("qmp_capabilities", "query-colo-status", "nbd-server-stop",
                "x-colo-lost-heartbeat", "object-del", "chardev-remove");
    }

    @Test
    void rendersOneEntryPerLineAndParsesBack() throws Exception {
        QmpTranscript t = recorded();
        String text = t.render();
        assertThat(text.lines()).hasSize(17);
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).isEqualTo("-> {\"execute\": \"qmp_capabilities\"}");
        assertThat(QmpTranscript.parse(text).render()).isEqualTo(text);
    }

    @Test
    void rejectsMalformedTranscriptsNamingTheLine() {
        assertThatThrownBy(() -> QmpTranscript.parse("-> {\"execute\": \"a\"}\n<- {\"return\": \n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> QmpTranscript.parse("{\"execute\": \"a\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected '->' or '<-'");
        assertThatThrownBy(() -> QmpTranscript.parse("-> {\"return\": {}}"))
                .hasMessageContaining("must have \"execute\"");
    }

    @Test
    void replayAnswersARealClientAsRecorded() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.builder().replay(recorded()).build();
             QmpClient qmp = QmpClient.connect(server.endpoint())) {
            assertThat(qmp.greeting().packageName()).isEqualTo("Debian 1:7.2+dfsg-7+deb12u18+b3");
            List<QmpEvent> events = new CopyOnWriteArrayList<>();
            qmp.onAnyEvent(events::add);
            assertThat(qmp.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.SECONDARY);
            qmp.execute(new NbdServerStop());
            qmp.execute(new XColoLostHeartbeat());
            qmp.execute(new ObjectDel("f2"));
            assertThatThrownBy(() -> qmp.execute(new ChardevRemove("nosuch")))
                    .isInstanceOf(QmpErrorResponseException.class).hasMessageContaining("Chardev 'nosuch' not found");
            FakeQmpServerTest.waitUntil(() -> events.size() == 4);
            assertThat(events).extracting(QmpEvent::name).containsExactly("BLOCK_EXPORT_DELETED", "STOP", "MIGRATION", "RESUME");
            assertThat(events.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1795312880, 263402000));
            server.verify();
        }
    }

    @Test
    void replayNoticesACommandThatDiffersFromTheRecording() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.builder().replay(recorded()).build();
             QmpClient qmp = QmpClient.connect(server.endpoint())) {
            qmp.execute(new QueryColoStatus());
            assertThatThrownBy(() -> qmp.execute(new XColoLostHeartbeat())).isInstanceOf(QmpErrorResponseException.class);
            assertThatThrownBy(server::verify).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("received x-colo-lost-heartbeat but expected nbd-server-stop");
        }
    }

    @Test
    void aFakesTranscriptCanBeWrittenAndReplayed(@TempDir Path dir) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1795312877), ZoneOffset.UTC);
        Path file = dir.resolve("colo.qmp");
        try (FakeColoNode primary = FakeColoNode.builder(Role.PRIMARY).clock(clock).build();
             FakeColoNode secondary = FakeColoNode.start(Role.SECONDARY)) {
            FakeColoNode.pair(primary, secondary);
            ColoFt.secondaryStart(secondary.connect());
            QmpClient p = primary.connect();
            ColoFt.primaryStart(p);
            p.execute(new XColoLostHeartbeat());
            FakeQmpServerTest.waitUntil(() -> primary.server().transcript().render().contains("COLO_EXIT"));
            primary.server().transcript().write(file);
        }
        assertThat(file).content().startsWith("<- {\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}");
        try (FakeQmpServer replay = FakeQmpServer.builder().replay(QmpTranscript.read(file)).build();
             QmpClient p = QmpClient.connect(replay.endpoint())) {
            ColoFt.primaryStart(p);
            QmpEvent exit = p.executeAndAwait(new XColoLostHeartbeat(), "COLO_EXIT", e -> true, Duration.ofSeconds(5));
            assertThat(exit.timestamp()).isEqualTo(Instant.ofEpochSecond(1795312877));
            replay.verify();
        }
    }

    @Test
    void replayTakesTheRecordedGreeting() {
        QmpTranscript t = QmpTranscript.parse("<- {\"QMP\": {\"version\": {\"qemu\": {\"micro\": 1, \"minor\": 1, \"major\": 9},"
                + " \"package\": \"\"}, \"capabilities\": []}}\n");
        try (FakeQmpServer server = FakeQmpServer.builder().replay(t).build();
             QmpClient qmp = QmpClient.connect(server.endpoint())) {
            assertThat(qmp.greeting().version()).isEqualTo(QemuVersion.of(9, 1, 1));
            assertThat(qmp.oobEnabled()).isFalse();
        }
    }

    @Test
    void writeFailsWithAClearMessage(@TempDir Path dir) throws Exception {
        Path notADir = Files.createFile(dir.resolve("file"));
        assertThatThrownBy(() -> QmpTranscript.parse("").write(notADir.resolve("x.qmp")))
                .isInstanceOf(TestkitException.class).hasMessageContaining("cannot write QMP transcript");
    }
}
