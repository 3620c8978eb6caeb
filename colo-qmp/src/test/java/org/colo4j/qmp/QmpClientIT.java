package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.colo4j.qmp.command.AddFd;
import org.colo4j.qmp.command.AddFdInfo;
import org.colo4j.qmp.command.CloseFd;
import org.colo4j.qmp.command.Cont;
import org.colo4j.qmp.command.GetFd;
import org.colo4j.qmp.command.HumanMonitorCommand;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.QueryVersion;
import org.colo4j.qmp.command.Quit;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.StatusInfo;
import org.colo4j.qmp.command.Stop;
import org.colo4j.qmp.command.VersionInfo;
import org.colo4j.qmp.event.QmpEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real qemu-system-x86_64 -machine none, over unix socket and TCP. */
class QmpClientIT {

    @TempDir
    Path dir;

    private LiveQemu qemu;

    @BeforeEach
    void startQemu() throws Exception {
        qemu = LiveQemu.startMachineNone(dir);
    }

    @AfterEach
    void stopQemu() throws Exception {
        qemu.close();
    }

    @Test
    void typedQueriesOverUnixSocket() {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint())) {
            StatusInfo status = qmp.execute(new QueryStatus());
            assertThat(status.status()).isEqualTo(RunState.RUNNING);
            assertThat(status.running()).isTrue();
            VersionInfo version = qmp.execute(new QueryVersion());
            assertThat(version.qemu()).isEqualTo(qmp.greeting().version());
            assertThat(version.qemu().isAtLeast(5, 0)).isTrue();
            assertThat(qmp.oobEnabled()).as("QEMU offers oob on socket monitors").isTrue();
        }
    }

    @Test
    void typedQueriesOverTcp() {
        try (QmpClient qmp = QmpClient.connect(qemu.tcpEndpoint())) {
            assertThat(qmp.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
            assertThat(qmp.execute(new QueryVersion()).qemu()).isEqualTo(qmp.greeting().version());
        }
    }

    @Test
    void bogusCommandIsCommandNotFound() {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint())) {
            assertThatThrownBy(() -> qmp.execute("colo4j-bogus", Map.of()))
                    .isInstanceOfSatisfying(QmpErrorResponseException.class, e -> {
                        assertThat(e.errorClass()).isEqualTo("CommandNotFound");
                        assertThat(e.description()).contains("colo4j-bogus");
                        assertThat(e.command()).isEqualTo("{\"execute\":\"colo4j-bogus\"}");
                    });
            assertThat(qmp.execute(new QueryStatus()).running()).as("connection still usable").isTrue();
        }
    }

    @Test
    void oobReachesQemu() {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint())) {
            // query-status is not allow-oob: QEMU's refusal proves the exec-oob form reached it.
            assertThatThrownBy(() -> qmp.executeOob(new QueryStatus()))
                    .isInstanceOf(QmpErrorResponseException.class).hasMessageContaining("does not support OOB");
        }
    }

    @Test
    void stopAndContRaiseStopAndResumeEvents() {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint())) {
            QmpEvent stop = qmp.executeAndAwait(new Stop(), "STOP", e -> true, Duration.ofSeconds(5));
            assertThat(stop.name()).isEqualTo("STOP");
            assertThat(qmp.execute(new QueryStatus()).status()).isEqualTo(RunState.PAUSED);

            try (QmpEventWaiter resume = qmp.expectEvent(QmpEvents.RESUME.name(), e -> true)) {
                qmp.execute(new Cont());
                assertThat(resume.await(Duration.ofSeconds(5)).name()).isEqualTo("RESUME");
            }
            assertThat(qmp.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void getfdPassesAFileDescriptorOverTheUnixSocket() throws Exception {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint());
             FileOutputStream file = new FileOutputStream(dir.resolve("passed.img").toFile())) {
            assertThatThrownBy(() -> qmp.execute(new GetFd("colo4j-fd")))
                    .as("without a descriptor QEMU refuses").hasMessageContaining("SCM_RIGHTS");
            qmp.executeWithFds(new GetFd("colo4j-fd"), file.getFD());
            qmp.execute(new CloseFd("colo4j-fd"));
            assertThatThrownBy(() -> qmp.execute(new CloseFd("colo4j-fd")))
                    .as("QEMU held exactly the descriptor we passed, and closed it").isInstanceOf(QmpErrorResponseException.class);
        }
    }

    @Test
    void addFdPutsThePassedDescriptorIntoAnFdset() throws Exception {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint());
             FileOutputStream file = new FileOutputStream(dir.resolve("fdset.img").toFile())) {
            AddFdInfo added = qmp.executeWithFds(new AddFd(null, "colo4j-it"), file.getFD());
            assertThat(added.fd()).as("QEMU's own copy of the descriptor").isGreaterThan(2);
            JsonNode fdsets = qmp.execute("query-fdsets", Map.of());
            JsonNode set = null;
            for (JsonNode s : fdsets) {
                if (s.path("fdset-id").asLong() == added.fdsetId()) {
                    set = s;
                }
            }
            assertThat(set).as("fdset %s listed by query-fdsets", added.fdsetId()).isNotNull();
            assertThat(set.path("fds").get(0).path("fd").asLong()).isEqualTo(added.fd());
            assertThat(set.path("fds").get(0).path("opaque").asText()).isEqualTo("colo4j-it");
        }
    }

    @Test
    void schemaKnowsTheColoCommandsCapabilityAndTypes() {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint())) {
            QmpSchema schema = qmp.schema();
            assertThat(schema.hasCommand("x-colo-lost-heartbeat")).isTrue();
            assertThat(schema.hasCommand("query-colo-status")).isTrue();
            assertThat(schema.hasCommand("colo4j-bogus")).isFalse();
            assertThat(schema.hasMigrationCapability("x-colo")).isTrue();
            assertThat(schema.hasMigrationCapability("x-bogus")).isFalse();
            assertThat(schema.hasMigrationParameter("x-checkpoint-delay")).isTrue();
            assertThat(schema.hasObjectType("colo-compare")).isTrue();
            assertThat(schema.hasObjectType("filter-rewriter")).isTrue();
            assertThat(schema.hasBlockDriver("replication")).isTrue();
            assertThat(schema.hasBlockDriver("quorum")).isTrue();
            assertThat(schema.hasArgument("object-add", "qom-type")).isTrue();
            assertThat(schema.hasEvent("COLO_EXIT")).isTrue();
            assertThat(qmp.schema()).as("cached per connection").isSameAs(schema);
        }
    }

    @Test
    void killingQemuFailsPendingCallsWithConnectionClosed() throws Exception {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint())) {
            qemu.signal("STOP");
            CompletableFuture<StatusInfo> pending = qmp.executeAsync(new QueryStatus());
            Thread.sleep(100);
            assertThat(pending).as("a frozen QEMU cannot answer").isNotDone();
            qemu.signal("KILL");
            assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("exited or was killed");
            assertThat(qmp.isOpen()).isFalse();
        }
    }

    @Test
    void aFrozenQemuNeverBlocksACallerPastItsDeadline() throws Exception {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint())) {
            qemu.signal("STOP");
            try {
                // A frozen QEMU reads nothing: 4 MiB and then 300 queries cannot all fit in the socket.
                CompletableFuture<String> huge = qmp.executeAsync(
                        HumanMonitorCommand.of("echo " + "x".repeat(4 * 1024 * 1024)), Duration.ofSeconds(1));
                List<CompletableFuture<StatusInfo>> queries = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    queries.add(qmp.executeAsync(new QueryStatus(), Duration.ofSeconds(1)));
                }
                assertThatThrownBy(() -> huge.get(30, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("still being sent");
                for (CompletableFuture<StatusInfo> q : queries) {
                    assertThatThrownBy(() -> q.get(30, TimeUnit.SECONDS)).cause()
                            .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("could not be sent");
                }
                assertThatThrownBy(() -> qmp.execute(new QueryStatus(), Duration.ofMillis(500)))
                        .isInstanceOf(QmpTimeoutException.class);
                CompletableFuture<Void> closing = CompletableFuture.runAsync(qmp::close);
                closing.get(30, TimeUnit.SECONDS);
                assertThat(qmp.isOpen()).isFalse();
            } finally {
                qemu.signal("CONT");
            }
        }
    }

    @Test
    void quitSucceedsAndQemuExits() throws Exception {
        try (QmpClient qmp = QmpClient.connect(qemu.unixEndpoint())) {
            JsonNode shutdownSeen;
            try (QmpEventWaiter shutdown = qmp.expectEvent("SHUTDOWN", e -> true)) {
                qmp.execute(new Quit());
                shutdownSeen = shutdown.await(Duration.ofSeconds(5)).data();
            }
            assertThat(shutdownSeen.path("reason").asText()).isEqualTo("host-qmp-quit");
            assertThat(qemu.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
