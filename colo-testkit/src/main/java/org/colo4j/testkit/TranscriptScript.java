package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpGreeting;

/**
 * A transcript turned into what a {@link FakeQmpServer} replays: the recorded greeting, the events
 * recorded right after negotiation, and one ordered expectation per recorded command whose answer is
 * everything QEMU sent until the next command (events before the reply, the reply, events after).
 */
record TranscriptScript(QmpGreeting greeting, List<QmpEvent> afterNegotiation, List<QmpExchange> exchanges) {

    static TranscriptScript of(QmpTranscript transcript) {
        List<QmpTranscript.Entry> entries = transcript.entries();
        QmpGreeting greeting = null;
        int i = 0;
        if (!entries.isEmpty() && entries.get(0).direction() == QmpTranscript.Direction.SERVER
                && entries.get(0).message().has("QMP")) {
            greeting = greeting(entries.get(0));
            i = 1;
        }
        List<QmpEvent> early = new ArrayList<>();
        while (i < entries.size() && entries.get(i).direction() == QmpTranscript.Direction.SERVER) {
            QmpTranscript.Entry e = entries.get(i++);
            if (!e.message().has("event")) {
                throw new IllegalArgumentException("transcript line " + e.line() + ": QEMU sent a reply before any command");
            }
            early.add(event(e));
        }
        List<QmpExchange> exchanges = new ArrayList<>();
        while (i < entries.size()) {
            QmpTranscript.Entry command = entries.get(i++);
            List<QmpTranscript.Entry> answer = new ArrayList<>();
            while (i < entries.size() && entries.get(i).direction() == QmpTranscript.Direction.SERVER) {
                answer.add(entries.get(i++));
            }
            JsonNode msg = command.message();
            String name = msg.has("execute") ? msg.get("execute").asText() : msg.path("exec-oob").asText();
            if ("qmp_capabilities".equals(name)) {
                answer.stream().filter(e -> e.message().has("event")).map(TranscriptScript::event).forEach(early::add);
                continue;
            }
            JsonNode args = msg.get("arguments");
            QmpExchange exchange = QmpExchange.on(name)
                    .withArgumentsJson(args == null ? "{}" : QmpWire.render(args))
                    .respond(reply(answer, command.line()));
            exchanges.add(exchange);
        }
        return new TranscriptScript(greeting, List.copyOf(early), List.copyOf(exchanges));
    }

    private static QmpReply reply(List<QmpTranscript.Entry> answer, int line) {
        List<QmpEvent> before = new ArrayList<>();
        List<QmpEvent> after = new ArrayList<>();
        QmpReply reply = null;
        for (QmpTranscript.Entry e : answer) {
            JsonNode m = e.message();
            if (m.has("event")) {
                (reply == null ? before : after).add(event(e));
            } else if (m.has("return")) {
                reply = replyOnce(reply, QmpReply.ok(m.get("return")), e);
            } else if (m.has("error")) {
                reply = replyOnce(reply, QmpReply.error(m.path("error").path("class").asText("GenericError"),
                        m.path("error").path("desc").asText("")), e);
            } else {
                throw new IllegalArgumentException("transcript line " + e.line()
                        + ": a '<-' entry must be a reply, an error or an event, got " + e.message());
            }
        }
        if (reply == null) {
            reply = QmpReply.noReply();
        }
        return reply.precededBy(before.toArray(QmpEvent[]::new)).thenEvent(after.toArray(QmpEvent[]::new));
    }

    private static QmpReply replyOnce(QmpReply previous, QmpReply next, QmpTranscript.Entry e) {
        if (previous != null) {
            throw new IllegalArgumentException("transcript line " + e.line()
                    + ": a second reply to the same command; each '->' gets at most one reply");
        }
        return next;
    }

    private static QmpEvent event(QmpTranscript.Entry e) {
        JsonNode m = e.message();
        JsonNode ts = m.get("timestamp");
        Instant when = ts == null ? FakeEvents.UNSTAMPED
                : Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000L);
        JsonNode data = m.get("data");
        return new QmpEvent(m.get("event").asText(), data instanceof ObjectNode o ? o : null, when);
    }

    private static QmpGreeting greeting(QmpTranscript.Entry e) {
        JsonNode qmp = e.message().path("QMP");
        JsonNode qemu = qmp.path("version").path("qemu");
        List<String> caps = new ArrayList<>();
        qmp.path("capabilities").forEach(c -> caps.add(c.asText()));
        return new QmpGreeting(QemuVersion.of(qemu.path("major").asInt(), qemu.path("minor").asInt(),
                qemu.path("micro").asInt()), qmp.path("version").path("package").asText(""), caps);
    }
}
