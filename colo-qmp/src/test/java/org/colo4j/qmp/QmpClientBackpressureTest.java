package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QEMU that stops reading its monitor (its main loop is stuck, or it is frozen): the fake server
 * stops reading, so its socket's buffers fill for real and writes can go no further. No caller may
 * block past its deadline, and close() must stay prompt.
 *
 * <p>The waits below are guards against a hang (the client as it was blocked in the socket write
 * until close(), i.e. forever here), far longer than any deadline involved; they do not measure speed.
 */
class QmpClientBackpressureTest {

    /** A command whose argument makes it {@code size} bytes long; the fake echoes the argument's length. */
    record Blob(String data) implements QmpCommand<JsonNode> {
        static Blob ofSize(int size) {
            return new Blob("x".repeat(size));
        }

        @Override
        public String commandName() {
            return "blob";
        }

        @Override
        public QmpReturn<JsonNode> returnType() {
            return QmpReturn.raw();
        }
    }

    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final int FOUR_MIB = 4 * 1024 * 1024;

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

    private static void lengthHandler(JsonNode cmd, FakeQmpServer.Session s) {
        s.reply(cmd, String.valueOf(cmd.path("arguments").path("data").asText().length()));
    }

    private QmpClient connect(FakeQmpServer s) {
        server = s.handler(QmpClientBackpressureTest::lengthHandler).start();
        client = QmpClient.connect(s.endpoint(), QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(10)));
        return client;
    }

    /** Runs {@code body} on another thread and fails the test if it has not returned within the hang guard. */
    private static <T> T returnsAtAll(String what, java.util.concurrent.Callable<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "backpressure-test-caller");
        t.setDaemon(true);
        t.start();
        try {
            return result.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " still blocks in " + t.getName() + ": " + List.of(t.getStackTrace()), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
        }
    }

    /** What {@code future} failed with, or null if it succeeded, waiting up to the hang guard. */
    private static Throwable failure(CompletableFuture<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void callsQemuKeepsUpWithAreWrittenByTheCallerWithoutAWriterThread(@TempDir Path dir) throws Exception {
        connect(FakeQmpServer.unix(dir.resolve("qmp.sock")));
        for (int i = 0; i < 200; i++) {
            assertThat(client.execute(Blob.ofSize(i)).asInt()).isEqualTo(i);
        }
        String writerName = "colo4j-qmp-writer-" + client.name().substring("connection.".length());
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .as("a reply before each next call: every write provably fits, so no hand-off").doesNotContain(writerName);
    }

    @Test
    void executeAsyncReturnsAtOnceAndEveryCallFailsAtItsDeadlineWhenQemuStopsReading(@TempDir Path dir) throws Exception {
        connect(FakeQmpServer.unix(dir.resolve("qmp.sock")));
        server.stopReading();
        // 2,000 commands of 1 KiB: far more than the socket's buffers hold.
        List<CompletableFuture<JsonNode>> futures = returnsAtAll("executeAsync", () -> {
            List<CompletableFuture<JsonNode>> f = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                f.add(client.executeAsync(Blob.ofSize(1024), Duration.ofMillis(300)));
            }
            return f;
        });
        int notSent = 0;
        int answered = 0;
        for (CompletableFuture<JsonNode> f : futures) {
            Throwable cause = failure(f);
            if (cause == null) {
                answered++; // read by the server before it stopped (its last read holds up to 8 KiB)
                continue;
            }
            assertThat(cause).isInstanceOf(QmpTimeoutException.class);
            if (cause.getMessage().contains("could not be sent")) {
                assertThat(cause).hasMessageContaining("QEMU is not reading its QMP input")
                        .hasMessageContaining("will not run");
                notSent++;
            }
        }
        assertThat(answered).as("only what the server read before it stopped is answered").isLessThan(20);
        assertThat(notSent).as("commands that never left the queue say so").isGreaterThan(1000);
        assertThat(client.isOpen()).as("a deadline does not close the connection").isTrue();
    }

    @Test
    void aHugeCommandFailsAtItsDeadlineWhenQemuStopsReading(@TempDir Path dir) throws Exception {
        connect(FakeQmpServer.unix(dir.resolve("qmp.sock")));
        server.stopReading();
        assertThatThrownBy(() -> returnsAtAll("execute(4 MiB)",
                () -> client.execute(Blob.ofSize(FOUR_MIB), Duration.ofMillis(500))))
                .isInstanceOf(QmpTimeoutException.class)
                .hasMessageContaining("blob was still being sent")
                .hasMessageContaining("QEMU is not reading its QMP input");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void overTcpTooNoCallerBlocksPastItsDeadline() throws Exception {
        connect(FakeQmpServer.tcpWithReceiveBuffer(16 * 1024));
        server.stopReading();
        List<CompletableFuture<JsonNode>> futures = returnsAtAll("executeAsync over TCP", () -> {
            List<CompletableFuture<JsonNode>> f = new ArrayList<>();
            f.add(client.executeAsync(Blob.ofSize(FOUR_MIB), Duration.ofMillis(300)));
            for (int i = 0; i < 200; i++) {
                f.add(client.executeAsync(Blob.ofSize(1024), Duration.ofMillis(300)));
            }
            return f;
        });
        for (CompletableFuture<JsonNode> f : futures) {
            assertThatThrownBy(() -> f.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS))
                    .cause().isInstanceOf(QmpTimeoutException.class);
        }
    }

    @Test
    void queuedCommandsAreSentInOrderOnceQemuReadsAgain(@TempDir Path dir) throws Exception {
        connect(FakeQmpServer.unix(dir.resolve("qmp.sock")));
        server.stopReading();
        List<CompletableFuture<JsonNode>> futures = returnsAtAll("executeAsync", () -> {
            List<CompletableFuture<JsonNode>> f = new ArrayList<>();
            f.add(client.executeAsync(Blob.ofSize(FOUR_MIB)));
            for (int i = 0; i < 500; i++) {
                f.add(client.executeAsync(Blob.ofSize(1000 + i)));
            }
            return f;
        });
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        server.resumeReading();
        assertThat(futures.get(0).get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS).asInt()).isEqualTo(FOUR_MIB);
        for (int i = 1; i <= 500; i++) {
            assertThat(futures.get(i).get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS).asInt())
                    .as("reply %d went to its own call", i).isEqualTo(999 + i);
        }
        List<JsonNode> received = server.received();
        assertThat(received).hasSize(501);
        for (int i = 1; i <= 500; i++) {
            assertThat(received.get(i).path("arguments").path("data").asText()).hasSize(999 + i);
        }
    }

    @Test
    void idsOfCommandsNeverSentAreFreeAgainAndOneBeingSentIsFinished(@TempDir Path dir) throws Exception {
        connect(FakeQmpServer.unix(dir.resolve("qmp.sock")));
        server.stopReading();
        CompletableFuture<JsonNode> huge = returnsAtAll("executeAsync(4 MiB)",
                () -> client.executeAsync(Blob.ofSize(FOUR_MIB), Duration.ofMillis(200)));
        CompletableFuture<JsonNode> queued = returnsAtAll("executeAsync",
                () -> client.executeAsync(Blob.ofSize(10), Duration.ofMillis(200)));
        assertThatThrownBy(() -> huge.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).cause()
                .hasMessageContaining("still being sent");
        assertThatThrownBy(() -> queued.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).cause()
                .hasMessageContaining("could not be sent");
        server.resumeReading();
        // The command being sent is finished (QEMU would otherwise read the next one as its rest) and
        // answered late; the dropped one never reaches QEMU.
        assertThat(client.execute(Blob.ofSize(3)).asInt()).isEqualTo(3);
        List<JsonNode> received = server.received();
        assertThat(received).hasSize(2);
        assertThat(received.get(0).path("arguments").path("data").asText()).hasSize(FOUR_MIB);
        assertThat(received.get(0).path("id").asInt()).isEqualTo(1);
        assertThat(received.get(1).path("id").asInt())
                .as("id 2 was freed when its command was dropped; id 1 stays taken until its late reply")
                .isEqualTo(2);
    }

    @Test
    void closeStaysPromptAndFailsEverythingPendingWhileQemuDoesNotRead(@TempDir Path dir) throws Exception {
        connect(FakeQmpServer.unix(dir.resolve("qmp.sock")));
        server.stopReading();
        List<CompletableFuture<JsonNode>> futures = returnsAtAll("executeAsync", () -> {
            List<CompletableFuture<JsonNode>> f = new ArrayList<>();
            f.add(client.executeAsync(Blob.ofSize(FOUR_MIB)));
            for (int i = 0; i < 100; i++) {
                f.add(client.executeAsync(Blob.ofSize(1024)));
            }
            return f;
        });
        String writerName = "colo4j-qmp-writer-" + client.name().substring("connection.".length());
        Thread writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(writerName))
                .findFirst().orElseThrow(() -> new AssertionError("no thread " + writerName));
        returnsAtAll("close()", () -> {
            client.close();
            return null;
        });
        assertThat(client.isOpen()).isFalse();
        writer.join(HANG_GUARD.toMillis());
        assertThat(writer.isAlive()).as("the writer, blocked in a write, ends when the socket closes").isFalse();
        for (CompletableFuture<JsonNode> f : futures) {
            assertThatThrownBy(() -> f.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS))
                    .cause().isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("closed by this client");
        }
    }
}
