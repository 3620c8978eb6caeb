package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.Role;
import org.colo4j.testkit.FakeColoNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** After the guard's failover, replication resumes to a fresh secondary: by API call or announced through the arbiter. */
class FailbackTest {

    private final FakePair fakes = new FakePair();
    private final FakeColoNode replacement = FakeColoNode.builder(Role.SECONDARY).name("secondary2").incoming("defer").build();
    private final Events events = new Events();
    private final InProcessArbiter arbiter = new InProcessArbiter();
    private ColoPair pair;
    private ColoGuard guard;

    @AfterEach
    void close() {
        if (guard != null) {
            guard.close();
            guard.pair().close();
        }
        if (pair != null) {
            pair.close();
        }
        arbiter.close();
        replacement.close();
        fakes.close();
    }

    private ColoPairSpec next(ColoPairSpec spec) {
        ColoNode node = ColoNode.builder().name("secondary2").address("127.0.0.3").qmp(replacement.endpoint()).build();
        return spec.afterFailover(Role.PRIMARY, node, spec.disks());
    }

    private void failOverOntoThePrimary(GuardOptions options, FailbackPlanner planner) {
        pair = fakes.started();
        ColoGuard.Builder b = ColoGuard.builder(pair).options(options).arbiter(arbiter).onEvent(events);
        if (planner != null) {
            b.failbackPlanner(planner);
        }
        guard = b.build().start();
        assertThatThrownBy(() -> guard.failback(next(fakes.spec))).as("no failback before a failover")
                .isInstanceOf(GuardException.class).hasMessageContaining("WATCHING");
        fakes.secondary.kill();
        events.await(GuardEvent.FailedOver.class);
        FakeColoNode.pair(fakes.primary, replacement);
    }

    @Test
    void aControllerFailsBackByApiCallAndWatchesTheNewPair() {
        failOverOntoThePrimary(FakePair.quick().build(), null);

        ColoPair resumed = guard.failback(next(fakes.spec));
        assertThat(resumed.status().isReplicating()).isTrue();
        assertThat(guard.pair()).isSameAs(resumed);
        assertThat(guard.state()).isEqualTo(ColoGuard.State.WATCHING);
        assertThat(events.of(GuardEvent.FailbackProgress.class)).isNotEmpty()
                .allSatisfy(p -> assertThat(p.progress().percent()).isEqualTo(100.0));
        assertThat(events.await(GuardEvent.FailbackDone.class).newSecondary()).isEqualTo("secondary2");

        // and the guard protects the new pair: the primary dies, the new secondary carries on
        fakes.primary.kill();
        GuardEvent.FailedOver second = events.await(GuardEvent.FailedOver.class, f -> f.survivor() == Role.SECONDARY);
        assertThat(second.report().status().name()).isEqualTo("secondary2");
        assertThat(guard.epoch()).isEqualTo(new Epoch(2, "secondary2"));
    }

    @Test
    void aReplacementAnnouncedThroughTheArbiterFailsBackByItself() {
        failOverOntoThePrimary(FakePair.quick().autoFailback(true).build(), (spec, survivor, r) -> {
            assertThat(survivor).isEqualTo(Role.PRIMARY);
            assertThat(r.payload()).isEqualTo("started with next.secondaryArgv()");
            return next(spec);
        });
        try (ArbiterSession announcer = arbiter.join("secondary2", e -> { })) {
            announcer.announceReplacement(new Replacement("secondary2", "started with next.secondaryArgv()"));
            events.await(GuardEvent.FailbackDone.class);
        }
        assertThat(guard.pair().status().isReplicating()).isTrue();
        assertThat(events.await(GuardEvent.FailbackStarted.class).replacement().node()).isEqualTo("secondary2");
    }
}
