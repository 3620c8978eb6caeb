package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.colo4j.ColoPairSpec;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryYank;
import org.colo4j.qmp.command.Yank;
import org.colo4j.qmp.command.YankInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** query-yank and yank, out of band, on a replicating fake pair. */
class FakeYankTest {

    @TempDir
    Path dir;

    @Test
    void aPrimaryInColoListsItsNbdClientsItsChardevsAndTheMigration() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec).startColo(); QmpClient p = fakes.primary().connect()) {
            List<YankInstance> listed = p.executeOob(new QueryYank());
            assertThat(listed).filteredOn(i -> i.type().equals("block-node")).extracting(YankInstance::nodeName)
                    .isNotEmpty().allSatisfy(n -> assertThat(fakes.primary().blockNodes()).contains(n));
            assertThat(listed).filteredOn(i -> i.type().equals("chardev")).extracting(YankInstance::id)
                    .contains("mirror0");
            assertThat(listed).contains(YankInstance.migration());
        }
    }

    @Test
    void yankingTheSecondarysMigrationBreaksReplicationLikeALostPeer() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec).startColo();
             QmpClient p = fakes.primary().connect();
             QmpClient s = fakes.secondary().connect()) {
            List<String> pEvents = StartedNodes.events(p);
            List<String> sEvents = StartedNodes.events(s);

            s.executeOob(new Yank(List.of(YankInstance.migration())));
            FakeQmpServerTest.waitUntil(() -> sEvents.size() >= 2);
            assertThat(sEvents).containsExactly("RESUME", "COLO_EXIT {\"mode\": \"secondary\", \"reason\": \"error\"}");
            fakes.primary().checkpoint();
            FakeQmpServerTest.waitUntil(() -> pEvents.size() >= 1);
            assertThat(pEvents).containsExactly("COLO_EXIT {\"mode\": \"primary\", \"reason\": \"error\"}");
            assertThat(s.execute(new QueryColoStatus()).mode()).as("in COLO mode until a failover")
                    .isEqualTo(ColoMode.SECONDARY);
        }
    }

    @Test
    void anInstanceThatIsNotRegisteredIsNotFound() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); QmpClient p = fakes.primary().connect()) {
            assertThat(p.executeOob(new QueryYank())).as("no migration before COLO starts")
                    .doesNotContain(YankInstance.migration());
            assertThatThrownBy(() -> p.executeOob(new Yank(List.of(YankInstance.blockNode("no-such-node")))))
                    .isInstanceOfSatisfying(QmpErrorResponseException.class, e -> {
                        assertThat(e.errorClass()).isEqualTo("DeviceNotFound");
                        assertThat(e.getMessage()).contains("Instance not found");
                    });
        }
    }
}
