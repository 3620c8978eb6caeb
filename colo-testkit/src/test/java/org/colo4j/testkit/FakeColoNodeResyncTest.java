package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.colo4j.Role;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.command.BlockJobCancel;
import org.colo4j.qmp.command.BlockJobInfo;
import org.colo4j.qmp.command.DriveMirror;
import org.colo4j.qmp.command.QueryBlockJobs;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Block jobs and pairing again: what resuming replication needs from the fake. */
class FakeColoNodeResyncTest {

    private static final String TARGET = "nbd://127.0.0.2:9999/parent0";

    @AutoClose
    private final StartedNodes nodes = new StartedNodes();

    /** The secondary exports its parent disk as COLO-FT.txt's step 2 does. */
    private static void exportParent(QmpClient s) {
        s.execute("nbd-server-start", Map.of("addr", Map.of("type", "inet", "data", Map.of("host", "127.0.0.2", "port", "9999"))));
        s.execute("nbd-server-add", Map.of("device", "parent0", "name", "parent0", "writable", true));
    }

    @Test
    void aMirrorIsReadyAtOnceCopiesTheDiskAndCompletesWhenCancelled() throws Exception {
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY));
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY));
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        QmpClient s = secondary.connect();
        exportParent(s);
        p.hmp("qemu-io colo-disk0 \"write -P 0xab 0 1M\"");
        List<String> seen = StartedNodes.events(p);

        p.executeAndAwait(DriveMirror.toExisting("resync", "colo-disk0", TARGET, "raw"), "BLOCK_JOB_READY",
                e -> e.get("device").asText().equals("resync"), java.time.Duration.ofSeconds(5));
        List<BlockJobInfo> jobs = p.execute(new QueryBlockJobs());
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.device()).isEqualTo("resync");
            assertThat(j.ready()).isTrue();
            assertThat(j.offset()).isEqualTo(j.len()).isEqualTo(64L << 20);
        });
        p.hmp("qemu-io colo-disk0 \"write -P 0xcd 1M 1M\""); // while the job runs: mirrored too
        p.executeAndAwait(BlockJobCancel.of("resync"), "BLOCK_JOB_COMPLETED", e -> true, java.time.Duration.ofSeconds(5));
        assertThat(p.execute(new QueryBlockJobs())).isEmpty();
        p.hmp("qemu-io colo-disk0 \"write -P 0xee 2M 1M\""); // after it ended: not
        awaitSize(seen, 9);
        assertThat(seen).containsExactly(
                "JOB_STATUS_CHANGE {\"status\": \"created\", \"id\": \"resync\"}",
                "JOB_STATUS_CHANGE {\"status\": \"running\", \"id\": \"resync\"}",
                "JOB_STATUS_CHANGE {\"status\": \"ready\", \"id\": \"resync\"}",
                "BLOCK_JOB_READY {\"device\": \"resync\", \"len\": 67108864, \"offset\": 67108864, \"speed\": 0, \"type\": \"mirror\"}",
                "JOB_STATUS_CHANGE {\"status\": \"waiting\", \"id\": \"resync\"}",
                "JOB_STATUS_CHANGE {\"status\": \"pending\", \"id\": \"resync\"}",
                "BLOCK_JOB_COMPLETED {\"device\": \"resync\", \"len\": 67108864, \"offset\": 67108864, \"speed\": 0, \"type\": \"mirror\"}",
                "JOB_STATUS_CHANGE {\"status\": \"concluded\", \"id\": \"resync\"}",
                "JOB_STATUS_CHANGE {\"status\": \"null\", \"id\": \"resync\"}");

        s.hmp("qemu-io parent0 \"read -P 0xab 0 1M\"");
        s.hmp("qemu-io parent0 \"read -P 0xcd 1M 1M\"");
        s.hmp("qemu-io parent0 \"read -P 0xee 2M 1M\"");
        assertThat(secondary.stdout()).contains("read 1048576/1048576 bytes at offset 0\n",
                "read 1048576/1048576 bytes at offset 1048576\n",
                "Pattern verification failed at offset 2097152, 1048576 bytes\n");
        assertThat(secondary.stdout().split("Pattern verification failed", -1)).hasSize(2);
    }

    @Test
    void aForcedCancelAbortsTheJob() throws Exception {
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY));
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY));
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        exportParent(secondary.connect());
        p.execute(DriveMirror.toExisting("resync", "colo-disk0", TARGET, "raw"));
        JsonNode cancelled = p.executeAndAwait(new BlockJobCancel("resync", true), "BLOCK_JOB_CANCELLED", e -> true,
                java.time.Duration.ofSeconds(5)).data();
        assertThat(cancelled.get("device").asText()).isEqualTo("resync");
        assertThat(p.execute(new QueryBlockJobs())).isEmpty();
    }

    @Test
    void mirrorAndCancelFailAsQemuDoes() {
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY));
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY));
        FakeColoNode.pair(primary, secondary);
        QmpClient p = primary.connect();
        assertThatThrownBy(() -> p.execute(DriveMirror.toExisting("resync", "colo-disk0", TARGET, "raw")))
                .as("nothing listens yet").isInstanceOf(QmpErrorResponseException.class)
                .hasMessageContaining("Failed to connect to '127.0.0.2:9999': Connection refused");
        exportParent(secondary.connect());
        assertThatThrownBy(() -> p.execute(DriveMirror.toExisting("resync", "nope", TARGET, "raw")))
                .hasMessageContaining("Cannot find device='nope' nor node-name='nope'");
        assertThatThrownBy(() -> p.execute(DriveMirror.toExisting("resync", "colo-disk0", "nbd://127.0.0.2:9999/other", "raw")))
                .hasMessageContaining("Requested export not available");
        p.execute(DriveMirror.toExisting("resync", "colo-disk0", TARGET, "raw"));
        assertThatThrownBy(() -> p.execute(DriveMirror.toExisting("resync", "colo-disk0", TARGET, "raw")))
                .hasMessageContaining("Job ID 'resync' already in use");
        assertThatThrownBy(() -> p.execute(BlockJobCancel.of("other")))
                .isInstanceOfSatisfying(QmpErrorResponseException.class,
                        e -> assertThat(e.errorClass()).as("QEMU's class for it").isEqualTo("DeviceNotActive"))
                .hasMessageContaining("Block job 'other' not found");
    }

    @Test
    void aPrimaryPairsAgainOnceItsSecondaryIsDeadOrFailedOverFrom() {
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY));
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY));
        FakeColoNode.startColo(primary, secondary);
        FakeColoNode other = nodes.start(FakeColoNode.builder(Role.SECONDARY).name("secondary2"));
        assertThatThrownBy(() -> FakeColoNode.pair(primary, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("which is alive: kill it, or fail over from it");
        secondary.kill();
        FakeColoNode.pair(primary, other);
        assertThat(primary.peer()).isSameAs(other);
        assertThat(other.peer()).isSameAs(primary);
    }

    @Test
    void aSecondaryPairsAsThePrimaryOnlyOnceItHasTakenOver() {
        FakeColoNode primary = nodes.start(FakeColoNode.builder(Role.PRIMARY));
        FakeColoNode secondary = nodes.start(FakeColoNode.builder(Role.SECONDARY));
        FakeColoNode other = nodes.start(FakeColoNode.builder(Role.SECONDARY).name("secondary2"));
        FakeColoNode.startColo(primary, secondary);
        assertThatThrownBy(() -> FakeColoNode.pair(secondary, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes a PRIMARY (or a SECONDARY that took over) then a SECONDARY node");
        primary.kill();
        secondary.connect().execute(new org.colo4j.qmp.command.XColoLostHeartbeat());
        FakeColoNode.pair(secondary, other);
        assertThat(other.peer()).isSameAs(secondary);
        assertThatThrownBy(() -> FakeColoNode.pair(other, secondary)).as("the new one has not taken over")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitSize(List<String> seen, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (seen.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
