package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.qmp.QmpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secondary that connects to the primary's listeners after a primary failover and dies leaves them
 * connected to a dead peer (QEMU reads no chardev without a frontend). Adding colo-compare on such a
 * {@code compare1} crashed QEMU 7.2.22 in the 4 GiB resync runs (BENCHMARKS.md, "Resync", run 3);
 * {@code resumeReplication} renews those listeners before its mirror. Proven here on the live
 * connections: stale before the resume, gone when the mirror reports, and the compare wired to the
 * new secondary afterwards.
 */
class ResumeStaleListenerIT {

    @TempDir
    Path dir;

    @Test
    void aSecondaryThatCameAndWentLeavesNoStaleConnectionForTheResume() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.start();
            live.secondary.kill();
            live.pair.failover().onPrimary();
            QmpClient primary = live.pair.qmp(Role.PRIMARY);

            // A secondary that connects to the primary's listeners and dies before any resume.
            QemuLauncher passing = live.startSecondaryAgain("passing.log");
            String staleCompare = awaitPeer(primary, "compare1");
            String staleMirror = awaitPeer(primary, "mirror0");
            passing.kill();
            assertThat(passing.isAlive()).isFalse();
            assertThat(peer(primary, "compare1")).as("QEMU keeps the dead secondary's connection").isEqualTo(staleCompare);
            assertThat(peer(primary, "mirror0")).as("QEMU keeps the dead secondary's connection").isEqualTo(staleMirror);

            QemuLauncher replacement = live.startReplacementSecondary("replacement.log");

            ColoPairSpec next = live.spec.afterFailover(Role.PRIMARY, live.spec.secondary(), live.spec.disks());
            List<String> atMirror = new CopyOnWriteArrayList<>();
            ResyncListener look = p -> {
                if (atMirror.isEmpty()) {
                    atMirror.add(peer(primary, "compare1"));
                    atMirror.add(peer(primary, "mirror0"));
                }
            };
            try (ColoPair resumed = live.pair.resumeReplication(next, look)) {
                assertThat(atMirror).as("the primary's peers while the mirror ran").hasSize(2);
                assertThat(atMirror.get(0)).as("compare1's peer during the mirror").isNotEqualTo(staleCompare);
                assertThat(atMirror.get(1)).as("mirror0's peer during the mirror").isNotEqualTo(staleMirror);
                assertThat(resumed.status().isReplicating()).as("%s", resumed.status()).isTrue();
                LivePair.awaitCheckpoint(resumed.qmp(Role.PRIMARY), Duration.ofSeconds(20));

                // The compare reads the new secondary: compare1's peer is the replacement's red1.
                QmpClient secondary = resumed.qmp(Role.SECONDARY);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!peer(primary, "compare1").equals(local(secondary, "red1")) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(peer(primary, "compare1")).isEqualTo(local(secondary, "red1")).isNotEqualTo(staleCompare);
                assertThat(peer(primary, "mirror0")).isEqualTo(local(secondary, "red0"));

                replacement.kill();
                assertThat(resumed.failover().onPrimary().status().isRunningAlone()).isTrue();
            }
        }
    }

    /** The chardev's {@code filename}, e.g. {@code tcp:127.0.0.1:9004,server=on <-> 127.0.0.1:41234}. */
    private static String filename(QmpClient qmp, String chardev) {
        for (JsonNode c : qmp.execute("query-chardev", Map.of())) {
            if (c.path("label").asText().equals(chardev)) {
                return c.path("filename").asText();
            }
        }
        throw new AssertionError("no chardev " + chardev);
    }

    /** The remote address of a connected chardev, or "" if it is not connected. */
    private static String peer(QmpClient qmp, String chardev) {
        String f = filename(qmp, chardev);
        int at = f.indexOf(" <-> ");
        return at < 0 ? "" : f.substring(at + 5);
    }

    /** The local address of a connected client chardev, or "" if it is not connected. */
    private static String local(QmpClient qmp, String chardev) {
        String f = filename(qmp, chardev);
        int at = f.indexOf(" <-> ");
        return at < 0 ? "" : f.substring(f.indexOf(':') + 1, at);
    }

    private static String awaitPeer(QmpClient qmp, String chardev) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (peer(qmp, chardev).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(chardev + " on the primary never connected: " + filename(qmp, chardev));
            }
            Thread.sleep(50);
        }
        return peer(qmp, chardev);
    }
}
