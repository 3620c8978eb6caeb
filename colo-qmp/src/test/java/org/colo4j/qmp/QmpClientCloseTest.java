package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.colo4j.qmp.event.QmpEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Close listeners, subscriptions on a closed client, and what subscriptions print. */
class QmpClientCloseTest {

    /** What a close listener saw: the cause and the thread it ran on. */
    record Heard(QmpException cause, String thread) {}

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

    private QmpClient connect(String name) throws IOException {
        server = FakeQmpServer.tcp().start();
        client = QmpClient.connect(server.endpoint(),
                QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5)).withName(name));
        return client;
    }

    private static Heard heard(CompletableFuture<Heard> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<Heard> listen() {
        CompletableFuture<Heard> heard = new CompletableFuture<>();
        client.onClose(cause -> heard.complete(new Heard(cause, Thread.currentThread().getName())));
        return heard;
    }

    @Test
    void qemuGoingAwayIsHeardOnceOnTheEventThread() throws Exception {
        connect("primary");
        AtomicInteger calls = new AtomicInteger();
        client.onClose(cause -> calls.incrementAndGet());
        CompletableFuture<Heard> heard = listen();
        server.dropClient();
        Heard h = heard(heard);
        assertThat(h.cause()).isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("EOF")
                .hasMessageContaining("exited or was killed");
        assertThat(h.thread()).isEqualTo("colo4j-qmp-events-primary");
        client.close();
        assertThat(calls).as("once, not again for close()").hasValue(1);
    }

    @Test
    void aConnectionResetIsHeardAsConnectionClosed() throws Exception {
        connect("primary");
        CompletableFuture<Heard> heard = listen();
        server.resetClient();
        assertThat(heard(heard).cause()).isInstanceOf(QmpConnectionClosedException.class)
                .hasMessageContaining("exited or was killed");
    }

    @Test
    void aProtocolErrorIsHeardAsItself() throws Exception {
        connect("primary");
        CompletableFuture<Heard> heard = listen();
        server.send("this is not json");
        assertThat(heard(heard).cause()).isInstanceOf(QmpProtocolException.class).hasMessageContaining("not JSON");
    }

    @Test
    void closeByTheCallerIsHeardOnTheEventThreadNotTheCallers() throws Exception {
        connect("primary");
        CompletableFuture<Heard> heard = listen();
        client.close();
        Heard h = heard(heard);
        assertThat(h.cause()).isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("closed by this client");
        assertThat(h.thread()).isEqualTo("colo4j-qmp-events-primary").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void registeringOnAClosedClientCallsTheListenerAtOnceOnTheCallersThread() throws Exception {
        connect("primary");
        client.close();
        List<Heard> heard = new CopyOnWriteArrayList<>();
        QmpSubscription sub = client.onClose(cause -> heard.add(new Heard(cause, Thread.currentThread().getName())));
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).cause()).hasMessageContaining("closed by this client");
        assertThat(heard.get(0).thread()).isEqualTo(Thread.currentThread().getName());
        assertThat(sub).hasToString("QmpSubscription{close of primary}");
    }

    @Test
    void aThrowingCloseListenerIsLoggedAndTheOthersStillHear() throws Exception {
        connect("throwing-close-listener");
        client.onClose(cause -> {
            throw new IllegalStateException("listener bug");
        });
        CompletableFuture<Heard> heard = listen();
        server.dropClient();
        assertThat(heard(heard).cause()).isInstanceOf(QmpConnectionClosedException.class);
        List<CapturedLogs.Entry> warnings = CapturedLogs.matching(e -> e.level() == Level.WARN
                && e.logger().equals("org.colo4j.qmp.throwing-close-listener") && e.message().contains("close listener"));
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).throwable()).hasMessage("listener bug");
    }

    @Test
    void eventsThatArrivedBeforeTheCloseReachListenersFirst() throws Exception {
        connect("primary");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        client.onAnyEvent(e -> seen.add(e.name()));
        client.onClose(cause -> {
            seen.add("closed");
            closed.countDown();
        });
        server.send("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 0}, \"event\": \"STOP\"}");
        server.send("{\"timestamp\": {\"seconds\": 2, \"microseconds\": 0}, \"event\": \"RESUME\"}");
        server.dropClient();
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("STOP", "RESUME", "closed");
    }

    @Test
    void aListenerWhoseSubscriptionWasClosedIsNotCalled() throws Exception {
        connect("primary");
        AtomicInteger calls = new AtomicInteger();
        QmpSubscription sub = client.onClose(cause -> calls.incrementAndGet());
        sub.close();
        sub.close();
        CompletableFuture<Heard> heard = listen();
        client.close();
        heard(heard); // close listeners have run
        assertThat(calls).hasValue(0);
        assertThat(sub).hasToString("QmpSubscription{close of primary, closed}");
    }

    @Test
    void subscribingOnAClosedClientFailsInsteadOfListeningToNothing() throws Exception {
        connect("primary");
        server.dropClient();
        heard(listen());
        assertThatThrownBy(() -> client.onEvent("COLO_EXIT", e -> { }))
                .isInstanceOf(QmpConnectionClosedException.class)
                .hasMessageContaining("cannot register a listener for COLO_EXIT on primary")
                .hasMessageContaining("EOF");
        assertThatThrownBy(() -> client.onEvent(QmpEvents.COLO_EXIT, e -> { }))
                .isInstanceOf(QmpConnectionClosedException.class);
        assertThatThrownBy(() -> client.onAnyEvent(e -> { })).isInstanceOf(QmpConnectionClosedException.class);
        assertThatThrownBy(() -> client.expectEvent("STOP", e -> true))
                .isInstanceOf(QmpConnectionClosedException.class).hasMessageContaining("a wait for STOP");
        assertThatThrownBy(() -> client.awaitEvent("STOP", e -> true, Duration.ofSeconds(1)))
                .isInstanceOf(QmpConnectionClosedException.class);
    }

    @Test
    void subscriptionsSayWhatTheyListenTo() throws Exception {
        connect("primary");
        QmpSubscription exit = client.onEvent("COLO_EXIT", e -> { });
        QmpSubscription typed = client.onEvent(QmpEvents.COLO_EXIT, e -> { });
        QmpSubscription any = client.onAnyEvent(e -> { });
        QmpSubscription close = client.onClose(e -> { });
        assertThat(exit).hasToString("QmpSubscription{COLO_EXIT on primary}");
        assertThat(typed).hasToString("QmpSubscription{COLO_EXIT on primary}");
        assertThat(any).hasToString("QmpSubscription{every event on primary}");
        assertThat(close).hasToString("QmpSubscription{close of primary}");
        exit.close();
        assertThat(exit).hasToString("QmpSubscription{COLO_EXIT on primary, closed}");
    }
}
