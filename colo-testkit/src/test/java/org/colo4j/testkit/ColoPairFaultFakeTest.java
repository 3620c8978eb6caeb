package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.colo4j.qmp.QmpConnectionClosedException;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.RunState;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoNodeUnreachableException;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairOptions;
import org.colo4j.ColoPairSpec;
import org.colo4j.ColoStepException;
import org.colo4j.ColoTimeouts;
import org.colo4j.ColoValidationException;
import org.colo4j.FailoverRefusedException;
import org.colo4j.FailoverReport;
import org.colo4j.PairEvent;
import org.colo4j.PreflightFailedException;
import org.colo4j.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pair with a node down, connection-loss events and refused failovers, against fake QEMUs. */
class ColoPairFaultFakeTest {

    private final FakeColoNode primary = FakeColoNode.builder(Role.PRIMARY).build();
    private final FakeColoNode secondary = FakeColoNode.builder(Role.SECONDARY).incoming("defer").build();

    @AfterEach
    void close() {
        primary.close();
        secondary.close();
    }

    private static ColoPairSpec spec(FakeColoNode primary, FakeColoNode secondary) {
        Path p = Path.of("/mnt/vms/colo-test-primary");
        Path s = Path.of("/mnt/vms/colo-test-secondary");
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(primary.endpoint()).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(secondary.endpoint()).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(p.resolve("primary.qcow2"))
                        .secondaryImage(s.resolve("primary.qcow2")).activeImage(s.resolve("secondary-active.qcow2"))
                        .hiddenImage(s.resolve("secondary-hidden.qcow2")).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .qemuVersion(ColoPairSpec.TESTED_QEMU) // the fakes answer as 7.2.22; no QEMU is probed
                .build();
    }

    @Test
    void aFreshConnectAfterThePrimaryDiedStillFailsOverOntoTheSecondary() {
        FakeColoNode.pair(primary, secondary);
        ColoPairSpec spec = spec(primary, secondary);
        try (ColoPair pair = ColoPair.connect(spec)) {
            pair.start();
        }
        primary.kill();
        try (ColoPair pair = ColoPair.connect(spec)) {
            assertThat(pair.isReachable(Role.PRIMARY)).isFalse();
            assertThat(pair.status().primary().reachable()).isFalse();
            assertThat(pair.status().secondary().isInColo(ColoMode.SECONDARY)).isTrue();
            assertThat(pair.preflight().failures()).anySatisfy(c -> {
                assertThat(c.node()).isEqualTo(Role.PRIMARY);
                assertThat(c.detail()).contains("unreachable").contains(primary.endpoint().toString());
            });
            assertThatThrownBy(() -> pair.qmp(Role.PRIMARY)).isInstanceOfSatisfying(ColoNodeUnreachableException.class, e -> {
                assertThat(e.role()).isEqualTo(Role.PRIMARY);
                assertThat(e.node()).isEqualTo("primary");
                assertThat(e.getMessage()).contains(primary.endpoint().toString()).contains("could not be connected");
            });
            assertThatThrownBy(() -> pair.failover().onPrimary()).isInstanceOf(ColoNodeUnreachableException.class);
            assertThatThrownBy(pair::start).isInstanceOf(PreflightFailedException.class);

            FailoverReport report = pair.failover().onSecondary();
            assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
        }
    }

    @Test
    void connectFailsOnlyWhenNeitherNodeAnswers() {
        ColoPairSpec spec = spec(primary, secondary);
        primary.kill();
        secondary.kill();
        assertThatThrownBy(() -> ColoPair.connect(spec)).isInstanceOfSatisfying(ColoNodeUnreachableException.class, e -> {
            assertThat(e.getMessage()).contains("neither node").contains(primary.endpoint().toString())
                    .contains(secondary.endpoint().toString());
            assertThat(e.getSuppressed()).hasSize(1);
        });
    }

    @Test
    void aClosedConnectionIsAPairEventNamingTheNodeAndCause() throws Exception {
        FakeColoNode.pair(primary, secondary);
        List<PairEvent> events = new CopyOnWriteArrayList<>();
        try (ColoPair pair = ColoPair.connect(spec(primary, secondary))) {
            pair.start();
            pair.onEvent(events::add);
            secondary.kill();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (events.stream().noneMatch(e -> e.kind() == PairEvent.Kind.CONNECTION_CLOSED) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(events).filteredOn(e -> e.kind() == PairEvent.Kind.CONNECTION_CLOSED).singleElement().satisfies(e -> {
                assertThat(e.role()).isEqualTo(Role.SECONDARY);
                assertThat(e.node()).isEqualTo("secondary");
                assertThat(e.cause()).isInstanceOf(QmpConnectionClosedException.class);
                assertThat(e.duringOperation()).isFalse();
                assertThat(e.name()).isEqualTo("CONNECTION_CLOSED");
            });
            assertThat(pair.isReachable(Role.SECONDARY)).isFalse();
            assertThat(pair.failover().onPrimary().status().isRunningAlone()).isTrue();
        }
        assertThat(events).as("closing the pair is not a lost connection")
                .filteredOn(e -> e.kind() == PairEvent.Kind.CONNECTION_CLOSED).hasSize(1);
    }

    @Test
    void theAbandonedPeersColoExitAfterAFailoverIsColo4jsOwnDoing() throws Exception {
        FakeColoNode.pair(primary, secondary);
        List<PairEvent> events = new CopyOnWriteArrayList<>();
        try (ColoPair pair = ColoPair.connect(spec(primary, secondary))) {
            pair.start();
            pair.onEvent(events::add);
            pair.failover().onPrimary();
            // The secondary notices the lost primary on its own connection, in its own time: here,
            // well after the failover returned.
            secondary.server().sendEvent(FakeEvents.coloExit(ColoMode.SECONDARY, org.colo4j.qmp.command.ColoExitReason.ERROR));
            primary.server().sendEvent(FakeEvents.coloExit(ColoMode.PRIMARY, org.colo4j.qmp.command.ColoExitReason.ERROR));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (events.stream().filter(e -> e.name().equals("COLO_EXIT") && e.event().get("reason").asText().equals("error"))
                    .map(PairEvent::role).distinct().count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(events).filteredOn(e -> e.name().equals("COLO_EXIT") && e.role() == Role.SECONDARY)
                    .isNotEmpty().allSatisfy(e -> assertThat(e.duringOperation()).as("%s", e).isTrue());
            assertThat(events).as("the survivor's own COLO_EXIT error is news")
                    .filteredOn(e -> e.name().equals("COLO_EXIT") && e.role() == Role.PRIMARY
                            && e.event().get("reason").asText().equals("error"))
                    .singleElement().satisfies(e -> assertThat(e.duringOperation()).isFalse());
        }
    }

    @Test
    void aFailoverOnASecondaryThatNeverReachedColoIsRefusedAtOnce() {
        FakeColoNode.pair(primary, secondary);
        try (ColoPair pair = ColoPair.connect(spec(primary, secondary))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> pair.failover().onSecondary()).isInstanceOfSatisfying(FailoverRefusedException.class, e -> {
                assertThat(e.getMessage()).contains("never reached COLO");
                assertThat(e.status().runState()).isEqualTo(RunState.INMIGRATE);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(secondary.server().receivedNames()).as("nothing was changed")
                    .allMatch(n -> n.startsWith("query-") || n.equals("qmp_capabilities"));
        }
    }

    @Test
    void startFailsAtOnceWhenTheSecondaryDiesDuringIt() {
        FakeColoNode.pair(primary, secondary);
        // The secondary hangs in nbd-server-start (no reply) and is killed there: start must not wait for
        // the 30 s command timeout, let alone the 60 s start timeout.
        secondary.server().stub(QmpExchange.on("nbd-server-start").respond(QmpReply.noReply()));
        try (ColoPair pair = ColoPair.connect(spec(primary, secondary))) {
            Thread killer = new Thread(() -> {
                secondary.server().awaitCommand("nbd-server-start", Duration.ofSeconds(10));
                secondary.kill();
            });
            killer.start();
            long t0 = System.nanoTime();
            assertThatThrownBy(pair::start).isInstanceOfSatisfying(ColoStepException.class, e -> {
                assertThat(e.getMessage()).contains("nbd-server-start");
                assertThat(e.status().secondary().reachable()).isFalse();
            });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("far below the 30 s command timeout")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void theControllerConnectsThroughQmpConnect() {
        FakeColoNode.pair(primary, secondary);
        ColoPairSpec fakes = spec(primary, secondary);
        // QEMU "listens" on unix sockets on hosts this process cannot see; the fakes stand for the forwarded ports.
        ColoPairSpec spec = fakes.toBuilder()
                .primary(fakes.primary().toBuilder().qmp(QmpEndpoint.unix(Path.of("/run/colo/primary.qmp")))
                        .qmpConnect(primary.endpoint()).build())
                .secondary(fakes.secondary().toBuilder().qmp(QmpEndpoint.unix(Path.of("/run/colo/secondary.qmp")))
                        .qmpConnect(secondary.endpoint()).build())
                .build();
        assertThat(spec.primaryArgv()).contains("unix:/run/colo/primary.qmp,server=on,wait=off");
        try (ColoPair pair = ColoPair.connect(spec)) {
            assertThat(pair.isReachable(Role.PRIMARY)).isTrue();
            assertThat(pair.isReachable(Role.SECONDARY)).isTrue();
        }
    }

    @Test
    void timeoutsMustBePositiveAndNameTheField() {
        assertThatThrownBy(() -> ColoTimeouts.defaults().withFailover(Duration.ZERO))
                .isInstanceOfSatisfying(ColoValidationException.class, e ->
                        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("timeouts.failover")));
        assertThat(ColoTimeouts.defaults().withStart(Duration.ofMinutes(5)).start()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ColoPair.START_TIMEOUT).isEqualTo(ColoTimeouts.defaults().start());
    }
}
