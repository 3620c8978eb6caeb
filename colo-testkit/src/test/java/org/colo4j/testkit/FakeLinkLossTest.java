package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.colo4j.ColoPairSpec;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.command.ChardevInfo;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.QueryChardev;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cut link between two live nodes: both report COLO_EXIT error and keep answering QMP. */
class FakeLinkLossTest {

    @TempDir
    Path dir;

    @Test
    void bothNodesReportAColoErrorAndKeepAnswering() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec).startColo();
             QmpClient p = fakes.primary().connect();
             QmpClient s = fakes.secondary().connect()) {
            List<String> pEvents = StartedNodes.events(p);
            List<String> sEvents = StartedNodes.events(s);

            fakes.cutLink();
            FakeQmpServerTest.waitUntil(() -> sEvents.size() >= 2);
            assertThat(sEvents).as("the secondary notices at once")
                    .containsExactly("RESUME", "COLO_EXIT {\"mode\": \"secondary\", \"reason\": \"error\"}");
            assertThat(pEvents).as("the primary notices at its next checkpoint").isEmpty();
            fakes.primary().checkpoint();
            FakeQmpServerTest.waitUntil(() -> pEvents.size() >= 1);
            assertThat(pEvents).containsExactly("COLO_EXIT {\"mode\": \"primary\", \"reason\": \"error\"}");

            assertThat(p.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
            assertThat(s.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
            assertThat(p.execute(new QueryColoStatus())).as("still in COLO mode until a failover")
                    .isEqualTo(new ColoStatusInfo(ColoMode.PRIMARY, ColoMode.NONE, ColoExitReason.NONE));
            assertThat(s.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.SECONDARY);
            assertThat(fakes.primary().isAlive()).isTrue();
            assertThat(fakes.secondary().isAlive()).isTrue();
            List<ChardevInfo> chardevs = p.execute(new QueryChardev());
            assertThat(chardevs).filteredOn(c -> c.label().equals("mirror0")).singleElement()
                    .satisfies(c -> assertThat(c.filename()).startsWith("disconnected:"));
            assertThatThrownBy(fakes::cutLink).isInstanceOf(TestkitException.class).hasMessageContaining("already cut");
        }
    }

    @Test
    void theLinkCannotBeCutWithoutALivePeer() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec).startColo()) {
            fakes.secondary().kill();
            assertThatThrownBy(fakes::cutLink).isInstanceOf(TestkitException.class).hasMessageContaining("dead peer");
        }
    }
}
