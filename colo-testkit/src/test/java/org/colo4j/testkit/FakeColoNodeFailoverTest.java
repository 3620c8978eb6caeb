package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.colo4j.Role;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.command.BlockdevDel;
import org.colo4j.qmp.command.ChardevRemove;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.MigrateSetCapabilities;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.NbdServerStop;
import org.colo4j.qmp.command.ObjectDel;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryMigrate;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.XBlockdevChange;
import org.colo4j.qmp.command.XColoLostHeartbeat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failover sequences of FakeColoNode against what QEMU 7.2.22 did on a real KVM pair. */
class FakeColoNodeFailoverTest {

    private FakeColoNode primary;
    private FakeColoNode secondary;
    private QmpClient p;
    private QmpClient s;
    private List<String> pEvents;
    private List<String> sEvents;

    @BeforeEach
    void startPair() {
        primary = FakeColoNode.start(Role.PRIMARY);
        secondary = FakeColoNode.start(Role.SECONDARY);
        p = primary.connect();
        s = secondary.connect();
        p.execute(MigrateSetCapabilities.enable("events"));
        s.execute(MigrateSetCapabilities.enable("events"));
        pEvents = StartedNodes.events(p);
        sEvents = StartedNodes.events(s);
        FakeColoNode.startColo(primary, secondary);
        // the start's events are on their way: let them arrive, then start from a clean slate
        FakeQmpServerTest.waitUntil(() -> pEvents.contains("RESUME") && sEvents.contains("RESUME"));
        pEvents.clear();
        sEvents.clear();
    }

    @AfterEach
    void close() {
        if (primary != null) {
            primary.close();
        }
        if (secondary != null) {
            secondary.close();
        }
    }

    private static void waitFor(List<String> events, int n) {
        FakeQmpServerTest.waitUntil(() -> events.size() >= n);
    }

    @Test
    void secondaryFailoverAfterThePrimaryDied() {
        primary.kill();
        waitFor(sEvents, 2);
        assertThat(sEvents).containsExactly("RESUME", "COLO_EXIT {\"mode\": \"secondary\", \"reason\": \"error\"}");
        assertThat(s.execute(new QueryColoStatus())).isEqualTo(new ColoStatusInfo(ColoMode.SECONDARY, ColoMode.NONE,
                ColoExitReason.NONE));
        sEvents.clear();
        s.execute(new NbdServerStop());
        s.execute(new XColoLostHeartbeat());
        waitFor(sEvents, 4);
        assertThat(sEvents).containsExactly("BLOCK_EXPORT_DELETED {\"id\": \"parent0\"}", "STOP",
                "MIGRATION {\"status\": \"completed\"}", "RESUME");
        assertThat(s.execute(new QueryColoStatus())).isEqualTo(new ColoStatusInfo(ColoMode.NONE, ColoMode.SECONDARY,
                ColoExitReason.REQUEST));
        assertThat(s.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
        assertThat(s.execute(new QueryMigrate()).status()).isEqualTo(MigrationStatus.COMPLETED);
        // COLO-FT.txt's teardown of the secondary's proxy
        s.execute(new ObjectDel("f2"));
        s.execute(new ObjectDel("f1"));
        s.execute(new ChardevRemove("red1"));
        s.execute(new ChardevRemove("red0"));
        assertThat(secondary.objects()).containsExactly("rew0");
        assertThatThrownBy(() -> s.execute(new XColoLostHeartbeat())).isInstanceOf(QmpErrorResponseException.class)
                .hasMessageContaining("The feature 'colo' is not enabled");
    }

    @Test
    void secondaryFailoverWithThePrimaryAliveMatchesTheCapture() {
        s.execute(new NbdServerStop());
        s.execute(new XColoLostHeartbeat());
        waitFor(sEvents, 5);
        assertThat(sEvents).containsExactly("BLOCK_EXPORT_DELETED {\"id\": \"parent0\"}", "STOP",
                "MIGRATION {\"status\": \"completed\"}", "COLO_EXIT {\"mode\": \"secondary\", \"reason\": \"request\"}",
                "RESUME");
        assertThat(pEvents).isEmpty();
        primary.checkpoint();
        waitFor(pEvents, 1);
        assertThat(pEvents).containsExactly("COLO_EXIT {\"mode\": \"primary\", \"reason\": \"error\"}");
        assertThat(p.execute(new QueryStatus())).satisfies(st -> {
            assertThat(st.status()).isEqualTo(RunState.COLO);
            assertThat(st.running()).isFalse();
        });
        assertThat(p.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.PRIMARY);
        pEvents.clear();
        p.execute(new XColoLostHeartbeat());
        waitFor(pEvents, 2);
        assertThat(pEvents).containsExactly("MIGRATION {\"status\": \"completed\"}", "RESUME");
        assertThat(p.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void primaryFailoverAfterTheSecondaryDied() {
        secondary.kill();
        assertThat(pEvents).isEmpty();
        assertThat(p.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.PRIMARY);
        primary.checkpoint();
        waitFor(pEvents, 1);
        assertThat(pEvents).containsExactly("COLO_EXIT {\"mode\": \"primary\", \"reason\": \"error\"}");
        assertThat(p.execute(new QueryColoStatus())).isEqualTo(new ColoStatusInfo(ColoMode.PRIMARY, ColoMode.NONE,
                ColoExitReason.NONE));
        assertThat(p.execute(new QueryStatus()).status()).isEqualTo(RunState.RUNNING);
        pEvents.clear();
        // COLO-FT.txt's primary failover, with blockdev-del for HMP drive_del
        p.execute(XBlockdevChange.removeChild("colo-disk0", "children.1"));
        p.execute(new BlockdevDel("replication0"));
        for (String id : List.of("comp0", "iothread1", "m0", "redire0", "redire1")) {
            p.execute(new ObjectDel(id));
        }
        p.execute(new XColoLostHeartbeat());
        waitFor(pEvents, 3);
        assertThat(pEvents).containsExactly("STOP", "MIGRATION {\"status\": \"completed\"}", "RESUME");
        assertThat(p.execute(new QueryColoStatus())).isEqualTo(new ColoStatusInfo(ColoMode.NONE, ColoMode.PRIMARY,
                ColoExitReason.REQUEST));
        assertThat(primary.objects()).isEmpty();
        assertThat(primary.blockNodes()).doesNotContain("replication0");
        assertThat(p.execute("query-migrate", Map.of()).has("ram")).isTrue();
    }

    @Test
    void primaryFailoverWithTheSecondaryAliveTellsTheSecondary() {
        p.execute(XBlockdevChange.removeChild("colo-disk0", "children.1"));
        p.execute(new BlockdevDel("replication0"));
        p.execute(new XColoLostHeartbeat());
        waitFor(pEvents, 3);
        waitFor(sEvents, 2);
        assertThat(pEvents).containsExactly("MIGRATION {\"status\": \"completed\"}",
                "COLO_EXIT {\"mode\": \"primary\", \"reason\": \"request\"}", "RESUME");
        assertThat(sEvents).containsExactly("RESUME", "COLO_EXIT {\"mode\": \"secondary\", \"reason\": \"error\"}");
        assertThat(s.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.SECONDARY);
    }

    @Test
    void aHeldFailoverReportsProcessingAndRefusesASecondRequest() {
        primary.close();
        secondary.close();
        primary = FakeColoNode.builder(Role.PRIMARY).manualFailover(true).build();
        secondary = FakeColoNode.start(Role.SECONDARY);
        FakeColoNode.startColo(primary, secondary);
        p = primary.connect();
        p.execute(new XColoLostHeartbeat());
        assertThat(p.execute(new QueryColoStatus()).reason()).isEqualTo(ColoExitReason.PROCESSING);
        assertThatThrownBy(() -> p.execute(new XColoLostHeartbeat())).isInstanceOfSatisfying(
                QmpErrorResponseException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo("GenericError");
                    assertThat(e.description()).isEqualTo("COLO failover is already activated");
                });
        primary.completeFailover();
        assertThat(p.execute(new QueryColoStatus())).isEqualTo(new ColoStatusInfo(ColoMode.NONE, ColoMode.PRIMARY,
                ColoExitReason.REQUEST));
        assertThatThrownBy(primary::completeFailover).isInstanceOf(TestkitException.class)
                .hasMessageContaining("no failover is in progress");
    }

    @Test
    void peerLostReportsAnErrorButKeepsTheMode() {
        secondary.peerLost();
        waitFor(sEvents, 2);
        assertThat(sEvents).containsExactly("RESUME", "COLO_EXIT {\"mode\": \"secondary\", \"reason\": \"error\"}");
        assertThat(secondary.coloStatus().mode()).isEqualTo(ColoMode.SECONDARY);
        assertThat(pEvents).isEmpty();
        assertThatThrownBy(secondary::peerLost).isInstanceOf(TestkitException.class)
                .hasMessageContaining("already reported COLO_EXIT");
    }

    @Test
    void dataWrittenBeforeTheLastCheckpointSurvivesASecondaryFailover() {
        p.hmp("qemu-io colo-disk0 \"write -P 0xab 0 1M\"");
        primary.checkpoint();
        p.hmp("qemu-io colo-disk0 \"write -P 0xcd 1M 1M\"");
        primary.kill();
        s.execute(new NbdServerStop());
        s.execute(new XColoLostHeartbeat());
        int from = secondary.stdout().length();
        s.hmp("qemu-io colo-disk0 \"read -P 0xab 0 1M\"");
        s.hmp("qemu-io colo-disk0 \"read -P 0xcd 1M 1M\"");
        assertThat(secondary.stdout().substring(from)).startsWith("read 1048576/1048576 bytes at offset 0\n")
                .contains("Pattern verification failed at offset 1048576, 1048576 bytes\n");
    }

    @Test
    void killedNodesRefuseConnectionsAndModelCalls() {
        secondary.kill();
        FakeQmpServerTest.waitUntil(() -> !s.isOpen());
        assertThat(secondary.isAlive()).isFalse();
        assertThatThrownBy(secondary::checkpoint).isInstanceOf(TestkitException.class).hasMessageContaining("dead");
        assertThatThrownBy(secondary::connect).isInstanceOf(org.colo4j.qmp.QmpException.class);
    }

    @Test
    void quitSendsShutdownThenClosesAndTheNodeIsDead() {
        java.util.List<String> all = StartedNodes.events(s);
        s.execute(new org.colo4j.qmp.command.Quit());
        FakeQmpServerTest.waitUntil(() -> !s.isOpen()
                && all.contains("SHUTDOWN {\"guest\": false, \"reason\": \"host-qmp-quit\"}"));
        FakeQmpServerTest.waitUntil(() -> !secondary.isAlive());
        primary.checkpoint();
        waitFor(pEvents, 1);
        assertThat(pEvents).containsExactly("COLO_EXIT {\"mode\": \"primary\", \"reason\": \"error\"}");
    }
}
