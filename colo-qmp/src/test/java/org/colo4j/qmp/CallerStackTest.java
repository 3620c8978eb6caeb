package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A blocking call that fails with an exception made on another thread (the reader, the deadline
 * timer) throws one of the same type made on the caller's thread, with the original as its cause:
 * the calling test method is in the thrown exception's stack trace.
 */
class CallerStackTest {

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

    private QmpClient connect(FakeQmpServer s) {
        server = s.start();
        client = QmpClient.connect(s.endpoint(), QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5)));
        return client;
    }

    private static boolean mentions(Throwable t, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(e -> e.getMethodName().equals(method)
                && e.getClassName().equals(CallerStackTest.class.getName()));
    }

    /** Checks {@code thrown} is a fresh {@code type} with the caller's frame, caused by the reader's original. */
    private static <T extends Throwable> T keepsTheCallersStack(Throwable thrown, Class<T> type, TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName();
        assertThat(thrown).isExactlyInstanceOf(type);
        assertThat(mentions(thrown, method)).as("the caller's line is in the trace of %s", thrown).isTrue();
        assertThat(thrown.getCause()).as("the original is the cause").isExactlyInstanceOf(type)
                .hasMessage(thrown.getMessage());
        // The original is made by whoever read the reply or saw the failure: the reader thread, the deadline
        // timer, or this very thread when it read its own reply (ReadBaton); the copy is this thread's either way.
        assertThat(thrown).isNotSameAs(thrown.getCause());
        return type.cast(thrown);
    }

    @Test
    void anErrorReplyIsThrownWithTheCallersStack(TestInfo test) throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> s.error(cmd, "DeviceNotFound", "Device 'x' not found")));
        QmpErrorResponseException e = keepsTheCallersStack(
                catchThrowable(() -> client.execute("device_del", Map.of("id", "x"))), QmpErrorResponseException.class, test);
        assertThat(e.errorClass()).isEqualTo("DeviceNotFound");
        assertThat(e.description()).isEqualTo("Device 'x' not found");
        assertThat(e.command()).isEqualTo("{\"execute\":\"device_del\",\"arguments\":{\"id\":\"x\"}}");
    }

    @Test
    void hmpToo(TestInfo test) throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> s.error(cmd, "GenericError", "no")));
        keepsTheCallersStack(catchThrowable(() -> client.hmp("info status")), QmpErrorResponseException.class, test);
    }

    @Test
    void aTimeoutFromTheDeadlineTimerKeepsItsDeadline(TestInfo test) throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> { }));
        QmpTimeoutException e = keepsTheCallersStack(catchThrowable(
                () -> client.execute(new QmpClientTest.Echo(1), Duration.ofMillis(100))), QmpTimeoutException.class, test);
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(e).hasMessageContaining("echo got no reply");
    }

    @Test
    void aConnectionLostMidCall(TestInfo test) throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> s.close()));
        keepsTheCallersStack(catchThrowable(() -> client.execute(new QmpClientTest.Echo(1))),
                QmpConnectionClosedException.class, test);
    }

    @Test
    void aProtocolError(TestInfo test) throws Exception {
        connect(FakeQmpServer.tcp().handler((cmd, s) -> s.send("not json")));
        keepsTheCallersStack(catchThrowable(() -> client.execute(new QmpClientTest.Echo(1))),
                QmpProtocolException.class, test);
    }

    @Test
    void anEventWaitFailedByTheClose(TestInfo test) throws Exception {
        connect(FakeQmpServer.tcp());
        try (QmpEventWaiter waiter = client.expectEvent("COLO_EXIT", e -> true)) {
            server.dropClient();
            keepsTheCallersStack(catchThrowable(() -> waiter.await(Duration.ofSeconds(5))),
                    QmpConnectionClosedException.class, test);
        }
    }
}
