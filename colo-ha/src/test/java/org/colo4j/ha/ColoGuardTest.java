package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.ColoPair;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.RunState;
import org.colo4j.testkit.QmpExchange;
import org.colo4j.testkit.QmpReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One controller guarding both nodes of a fake pair: each failure ends with exactly one node running alone. */
class ColoGuardTest {

    private final FakePair fakes = new FakePair();
    private final Events events = new Events();
    private ColoPair pair;
    private ColoGuard guard;

    @AfterEach
    void close() {
        if (guard != null) {
            guard.close();
        }
        if (pair != null) {
            pair.close();
        }
        fakes.close();
    }

    private ColoGuard guard(GuardOptions options, Fencer fencer) {
        pair = fakes.started();
        guard = ColoGuard.builder(pair).options(options).fencer(fencer).onEvent(events).build().start();
        return guard;
    }

    @Test
    void whenThePrimaryDiesTheSecondaryCarriesOnAlone() {
        guard(FakePair.quick().build(), Fencer.NONE);
        events.await(GuardEvent.Watching.class);
        fakes.primary.kill();

        GuardEvent.FailedOver done = events.await(GuardEvent.FailedOver.class);
        assertThat(done.survivor()).isEqualTo(Role.SECONDARY);
        assertThat(done.report().status().isRunningAlone()).isTrue();
        Decision d = events.acted();
        assertThat(d.rule()).startsWith("R1");
        assertThat(d.health().get(0).state()).isEqualTo(NodeHealth.State.GONE);
        assertThat(d.health().get(1).canCarryOn()).isTrue();
        assertThat(fakes.secondary.coloStatus().mode()).isEqualTo(ColoMode.NONE);
        assertThat(fakes.secondary.status().status()).isEqualTo(RunState.RUNNING);
        assertThat(fakes.primary.isAlive()).isFalse();
        assertThat(guard.state()).isEqualTo(ColoGuard.State.ALONE);
        assertThat(guard.epoch()).isEqualTo(new Epoch(1, "secondary"));
        assertThat(events.of(GuardEvent.EpochWon.class)).singleElement()
                .satisfies(w -> assertThat(w.epoch().owner()).isEqualTo("secondary"));
    }

    @Test
    void whenTheSecondaryDiesThePrimaryCarriesOnAlone() {
        guard(FakePair.quick().build(), Fencer.NONE);
        fakes.secondary.kill();

        GuardEvent.FailedOver done = events.await(GuardEvent.FailedOver.class);
        assertThat(done.survivor()).isEqualTo(Role.PRIMARY);
        assertThat(events.acted().rule()).startsWith("R2");
        assertThat(fakes.primary.coloStatus().mode()).isEqualTo(ColoMode.NONE);
        assertThat(fakes.primary.status().status()).isEqualTo(RunState.RUNNING);
        assertThat(guard.epoch().owner()).isEqualTo("primary");
    }

    @Test
    void whenTheLinkBreaksAndBothAnswerThePrimaryCarriesOnAndTheSecondaryIsFenced() {
        guard(FakePair.quick().build(), Fencer.NONE);
        fakes.secondary.peerLost();   // COLO_EXIT {secondary, error} while the primary is alive
        fakes.primary.peerLost();     // COLO_EXIT {primary, error}

        events.await(GuardEvent.FailedOver.class);
        Decision d = events.acted();
        assertThat(d.rule()).startsWith("R3");
        assertThat(d.health()).extracting(NodeHealth::state).doesNotContain(NodeHealth.State.GONE);
        assertThat(events.of(GuardEvent.Fenced.class)).singleElement().satisfies(f -> {
            assertThat(f.role()).isEqualTo(Role.SECONDARY);
            assertThat(f.how()).contains("stop and quit");
        });
        assertThat(fakes.secondary.isAlive()).as("the secondary was fenced (QMP quit)").isFalse();
        assertThat(fakes.primary.coloStatus().mode()).isEqualTo(ColoMode.NONE);
        assertThat(fakes.primary.status().status()).isEqualTo(RunState.RUNNING);
        assertThat(fakes.secondary.server().receivedNames()).contains("stop", "quit");
    }

    @Test
    void aFrozenPrimaryIsDetectedByItsLivenessQueryAndFencedThroughTheFencer() {
        List<FenceRequest> stonith = new CopyOnWriteArrayList<>();
        guard(FakePair.quick().build(), r -> {
            stonith.add(r);
            fakes.primary.kill();   // the user's STONITH powers the frozen host off
        });
        for (String command : List.of("query-status", "query-colo-status", "stop", "quit")) {
            fakes.primary.server().stub(QmpExchange.on(command).respond(QmpReply.noReply()));
        }

        events.await(GuardEvent.FailedOver.class);
        assertThat(events.await(GuardEvent.SignalSeen.class, s -> s.signal().kind() == Signal.Kind.UNRESPONSIVE).signal().role())
                .isEqualTo(Role.PRIMARY);
        Decision d = events.acted();
        assertThat(d.rule()).startsWith("R1");
        assertThat(d.health().get(0).state()).isEqualTo(NodeHealth.State.UNRESPONSIVE);
        assertThat(stonith).singleElement().satisfies(r -> {
            assertThat(r.role()).isEqualTo(Role.PRIMARY);
            assertThat(r.epoch()).isEqualTo(new Epoch(1, "secondary"));
        });
        assertThat(events.await(GuardEvent.Fenced.class, f -> f.how().equals("Fencer")).role()).isEqualTo(Role.PRIMARY);
        // The QMP stop and quit for the frozen QEMU run on their own thread, not waited for; they end one way or the other.
        events.await(GuardEvent.class, e -> e instanceof GuardEvent.FenceFailed f && f.role() == Role.PRIMARY
                || e instanceof GuardEvent.Fenced f2 && f2.role() == Role.PRIMARY && !f2.how().equals("Fencer"));
        assertThat(fakes.secondary.coloStatus().mode()).isEqualTo(ColoMode.NONE);
    }

    @Test
    void aFencerThatCannotFenceStopsTheFailover() {
        guard(FakePair.quick().build(), r -> {
            throw new IllegalStateException("IPMI does not answer");
        });
        fakes.primary.kill();

        GuardEvent.Halted halted = events.await(GuardEvent.Halted.class);
        assertThat(halted.why()).contains("Fencer could not fence").contains("IPMI does not answer");
        assertThat(events.of(GuardEvent.FailedOver.class)).isEmpty();
        assertThat(fakes.secondary.coloStatus().mode()).as("no failover without fencing").isEqualTo(ColoMode.SECONDARY);
        assertThat(guard.state()).isEqualTo(ColoGuard.State.HALTED);
    }

    @Test
    void aGuestInInternalErrorCountsAsDown() {
        guard(FakePair.quick().build(), Fencer.NONE);
        fakes.primary.server().stub(QmpExchange.on("query-status")
                .replyJson("{\"status\": \"internal-error\", \"running\": false, \"singlestep\": false}"));

        events.await(GuardEvent.FailedOver.class);
        assertThat(events.await(GuardEvent.SignalSeen.class, s -> s.signal().kind() == Signal.Kind.GUEST_STOPPED)
                .signal().detail()).contains("internal-error");
        Decision d = events.acted();
        assertThat(d.rule()).startsWith("R1");
        assertThat(d.health().get(0).state()).isEqualTo(NodeHealth.State.FAILED);
        assertThat(fakes.primary.isAlive()).as("the failed primary was fenced").isFalse();
        assertThat(guard.survivor()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void diskErrorsPastTheThresholdFailTheNode() {
        guard(FakePair.quick().diskErrorThreshold(3).build(), Fencer.NONE);
        QmpEvent ioError = new QmpEvent("BLOCK_IO_ERROR", org.colo4j.qmp.QmpJson.mapper().createObjectNode()
                .put("device", "colo-disk0").put("node-name", "#block123").put("operation", "write")
                .put("action", "report").put("nospace", false).put("reason", "Input/output error"), java.time.Instant.now());
        fakes.secondary.server().sendEvent(ioError);
        fakes.secondary.server().sendEvent(ioError);
        fakes.secondary.server().sendEvent(ioError);

        events.await(GuardEvent.FailedOver.class);
        assertThat(events.of(GuardEvent.SignalSeen.class)).filteredOn(s -> s.signal().kind() == Signal.Kind.DISK_ERRORS)
                .singleElement().satisfies(s -> {
                    assertThat(s.signal().role()).isEqualTo(Role.SECONDARY);
                    assertThat(s.signal().detail()).startsWith("3 disk errors");
                });
        assertThat(events.acted().rule()).startsWith("R2");
        assertThat(guard.survivor()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void theReplicationChildFailingOnThePrimaryBreaksColoAndThePrimaryCarriesOn() {
        guard(FakePair.quick().diskErrorThreshold(1).build(), Fencer.NONE);
        fakes.primary.server().sendEvent(new QmpEvent("QUORUM_REPORT_BAD", org.colo4j.qmp.QmpJson.mapper().createObjectNode()
                .put("type", "write").put("node-name", "replication0").put("sector-num", 0).put("sectors-count", 8)
                .put("error", "Input/output error"), java.time.Instant.now()));

        events.await(GuardEvent.FailedOver.class);
        assertThat(events.acted().rule()).startsWith("R3");
        assertThat(guard.survivor()).isEqualTo(Role.PRIMARY);
        assertThat(fakes.secondary.isAlive()).isFalse();
    }

    @Test
    void aCheckpointStallBreaksColo() {
        guard(FakePair.quick().checkpointStallFactor(2).build(), Fencer.NONE);   // 2 x 2 s without RESUME

        events.await(GuardEvent.FailedOver.class);
        assertThat(events.await(GuardEvent.SignalSeen.class, s -> s.signal().kind() == Signal.Kind.CHECKPOINT_STALL)
                .signal().detail()).contains("no RESUME");
        assertThat(events.acted().rule()).startsWith("R3");
        assertThat(guard.survivor()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void eventsOfColo4jsOwnFailoverAreIgnored() {
        guard(FakePair.quick().build(), Fencer.NONE);
        pair.failover().onPrimary();   // an operator fails over by hand while both run: the secondary reports COLO_EXIT error
        fakes.secondary.kill();        // then a real signal

        Decision first = events.await(GuardEvent.Decided.class).decision();
        assertThat(first.rule()).as("decided from the nodes' state: the primary already runs alone").startsWith("R0");
        assertThat(events.of(GuardEvent.Ignored.class)).as("COLO_EXIT of the operator's failover")
                .anySatisfy(i -> assertThat(i.what()).contains("COLO_EXIT").contains("during a colo4j operation"));
        assertThat(events.of(GuardEvent.SignalSeen.class)).extracting(s -> s.signal().kind())
                .doesNotContain(Signal.Kind.COLO_EXIT_ERROR);
        assertThat(events.of(GuardEvent.Fenced.class)).isEmpty();
        assertThat(events.of(GuardEvent.FailedOver.class)).isEmpty();
        assertThat(guard.state()).isEqualTo(ColoGuard.State.ALONE);
    }

    @Test
    void losingTheArbiterSessionFencesEveryControlledNode() {
        InProcessArbiter arbiter = new InProcessArbiter();
        pair = fakes.started();
        guard = ColoGuard.builder(pair).options(FakePair.quick().build()).arbiter(arbiter).onEvent(events).build().start();
        assertThat(arbiter.expire(guard.member())).isTrue();

        events.await(GuardEvent.Halted.class);
        assertThat(events.acted().rule()).startsWith("F1");
        assertThat(events.of(GuardEvent.Fenced.class)).extracting(GuardEvent.Fenced::role)
                .containsExactlyInAnyOrder(Role.PRIMARY, Role.SECONDARY);
        assertThat(fakes.primary.isAlive()).isFalse();
        assertThat(fakes.secondary.isAlive()).isFalse();
        arbiter.close();
    }

    @Test
    void aGuardStartedAfterAFailoverByHandRecordsTheSurvivorAsTheEpochsOwner() {
        pair = fakes.started();
        fakes.secondary.kill();
        pair.failover().onPrimary();
        InProcessArbiter arbiter = new InProcessArbiter();
        guard = ColoGuard.builder(pair).arbiter(arbiter).onEvent(events).build().start();

        assertThat(guard.state()).isEqualTo(ColoGuard.State.ALONE);
        assertThat(guard.survivor()).isEqualTo(Role.PRIMARY);
        assertThat(arbiter.epoch()).isEqualTo(new Epoch(1, "primary"));
        assertThat(fakes.primary.isAlive()).isTrue();
        guard.close();
        arbiter.close();
    }

    @Test
    void aNodeFoundRunningAloneWithoutTheEpochIsFencedAtStart() {
        pair = fakes.started();
        fakes.secondary.kill();
        pair.failover().onPrimary();
        InProcessArbiter arbiter = new InProcessArbiter();
        try (ArbiterSession other = arbiter.join("another-controller", e -> { })) {
            assertThat(other.claim(Epoch.INITIAL, "secondary").won()).isTrue();   // someone made the secondary the owner
            guard = ColoGuard.builder(pair).arbiter(arbiter).onEvent(events).build().start();

            assertThat(guard.state()).isEqualTo(ColoGuard.State.HALTED);
            assertThat(events.await(GuardEvent.Fenced.class).role()).isEqualTo(Role.PRIMARY);
            assertThat(fakes.primary.isAlive()).as("two nodes must never run alone: the one without the epoch stops")
                    .isFalse();
        }
        guard.close();
        arbiter.close();
    }

    @Test
    void aControllerRestartedAfterThePrimaryDiedFailsOverAtOnce() {
        try (ColoPair before = fakes.started()) {
            assertThat(before.status().isReplicating()).isTrue();
        }
        fakes.primary.kill();
        pair = ColoPair.connect(fakes.spec);   // returns with the primary unreachable
        guard = ColoGuard.builder(pair).options(FakePair.quick().build()).onEvent(events).build().start();

        GuardEvent.FailedOver done = events.await(GuardEvent.FailedOver.class);
        assertThat(done.survivor()).isEqualTo(Role.SECONDARY);
        assertThat(events.await(GuardEvent.SignalSeen.class).signal().detail()).startsWith("found so at start");
        assertThat(events.acted().rule()).startsWith("R1");
    }

    @Test
    void startRefusesAPairThatIsNotInColo() {
        pair = ColoPair.connect(fakes.spec);
        assertThatThrownBy(() -> ColoGuard.builder(pair).build().start()).isInstanceOf(GuardException.class)
                .hasMessageContaining("start the pair first");
    }
}
