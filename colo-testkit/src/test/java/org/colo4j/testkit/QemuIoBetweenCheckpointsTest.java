package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.QemuIo;
import org.colo4j.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QemuIo#writeBetweenCheckpoints} on fakes: on a COLO primary the write waits for a checkpoint
 * to end (the fake checkpoints only when told to), elsewhere it writes at once.
 */
class QemuIoBetweenCheckpointsTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void onAColoPrimaryTheWriteWaitsForTheEndOfACheckpoint() throws Exception {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            pair.start();
            QemuIo io = QemuIo.of(pair.qmp(Role.PRIMARY), fakes.primary().stdoutFile());

            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> io.writeBetweenCheckpoints("colo-disk0", 0x5e, 0, MIB));
            Thread.sleep(300);
            assertThat(write).as("no checkpoint ended yet, so nothing was written").isNotDone();
            assertThat(io.verify("colo-disk0", 0x5e, 0, MIB)).isFalse();

            fakes.primary().checkpoint();
            write.get(10, TimeUnit.SECONDS);
            assertThat(io.verify("colo-disk0", 0x5e, 0, MIB)).as("written after the checkpoint's RESUME").isTrue();
        }
    }

    @Test
    void elsewhereTheWriteHappensAtOnce() throws Exception {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            QemuIo io = QemuIo.of(pair.qmp(Role.PRIMARY), fakes.primary().stdoutFile());   // not started: no COLO

            CompletableFuture.runAsync(() -> io.writeBetweenCheckpoints("colo-disk0", 0x3a, MIB, MIB)).get(10, TimeUnit.SECONDS);

            assertThat(io.verify("colo-disk0", 0x3a, MIB, MIB)).isTrue();
        }
    }
}
