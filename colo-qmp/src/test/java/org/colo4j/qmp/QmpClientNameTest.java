package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** A connection's name: its logger, its threads, and what names QmpOptions accepts. */
class QmpClientNameTest {

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

    /** Connects to a fake that answers every command with a stray reply first, which the client logs at WARN. */
    private QmpClient connect(QmpOptions options, long strayId) throws IOException {
        server = FakeQmpServer.tcp().handler((cmd, s) -> {
            s.send("{\"return\": {}, \"id\": " + strayId + "}");
            s.reply(cmd, "{}");
        }).start();
        client = QmpClient.connect(server.endpoint(), options.withCommandTimeout(Duration.ofSeconds(5)));
        return client;
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }

    private static List<CapturedLogs.Entry> warningsAbout(long strayId) {
        return CapturedLogs.matching(e -> e.level() == Level.WARN && e.message().contains("to id " + strayId + ","));
    }

    @Test
    void aNamedConnectionLogsThroughItsOwnLoggerOnThreadsNamedAfterIt() throws Exception {
        connect(QmpOptions.defaults().withName("primary"), 911_000_001L);
        client.execute("query-status", Map.of());
        assertThat(client.name()).isEqualTo("primary");
        assertThat(client.options().name()).contains("primary");
        assertThat(client).hasToString("QmpClient{primary, " + server.endpoint() + ", QEMU 7.2.22}");
        assertThat(threadNames()).contains("colo4j-qmp-reader-primary", "colo4j-qmp-events-primary");
        List<CapturedLogs.Entry> warnings = warningsAbout(911_000_001L);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).logger()).isEqualTo("org.colo4j.qmp.primary");
        // read by the reader thread, or by the calling thread reading its own reply (ReadBaton)
        assertThat(warnings.get(0).thread()).isIn("colo4j-qmp-reader-primary", Thread.currentThread().getName());
    }

    @Test
    void anUnnamedConnectionKeepsItsNumberedLoggerAndThreads() throws Exception {
        connect(QmpOptions.defaults(), 911_000_002L);
        client.execute("query-status", Map.of());
        assertThat(client.name()).matches("connection\\.[0-9]+");
        assertThat(client.options().name()).isEmpty();
        String n = client.name().substring("connection.".length());
        assertThat(threadNames()).contains("colo4j-qmp-reader-" + n, "colo4j-qmp-events-" + n);
        List<CapturedLogs.Entry> warnings = warningsAbout(911_000_002L);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).logger()).isEqualTo("org.colo4j.qmp.connection." + n);
        // read by the reader thread, or by the calling thread reading its own reply (ReadBaton)
        assertThat(warnings.get(0).thread()).isIn("colo4j-qmp-reader-" + n, Thread.currentThread().getName());
    }

    @Test
    void namesFollowTheNodeNameRulesAndKeepTheUnnamedNamespaceFree() {
        for (String good : List.of("primary", "node-2", "pair1.primary", "a_b", "7", "x".repeat(64))) {
            assertThat(QmpOptions.defaults().withName(good).name()).as(good).contains(good);
        }
        for (String bad : List.of("", "-primary", ".x", "a b", "a/b", "prímary", "x".repeat(65), "connection",
                "connection.3")) {
            assertThatThrownBy(() -> QmpOptions.defaults().withName(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("name must be 1 to 64 letters, digits")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThat(QmpOptions.defaults().withName("primary").withName(null).name()).isEmpty();
        assertThat(QmpOptions.defaults().withName("primary").withCommandTimeout(Duration.ofSeconds(1)).name())
                .as("other withers keep the name").contains("primary");
        assertThat(QmpOptions.defaults().withName("primary").toString()).endsWith(", name=primary}");
    }
}
