package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.colo4j.qmp.QmpSubscription;
import org.colo4j.qmp.command.ColoMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QemuIo#writeBetweenCheckpoints} on a COLO primary while checkpoints come every 100 ms, one
 * write after another: every write completes, COLO keeps replicating, and the data reads back. Written
 * at any moment instead, the writes broke COLO within about 100 writes here (a write inside a
 * checkpoint: "First cluster in emptied image is in use" on the secondary), and as synchronous qemu-io
 * {@code write}s they deadlocked both QEMUs at the 4th (see {@link QemuIo#write}).
 */
class QemuIoCheckpointIT {

    private static final int WRITES = 64;
    private static final long SLOT = 64 << 10;
    /** Below the counter guest's counter (32 MiB), clear of its boot sector. */
    private static final long BASE = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void patternWritesOnAPrimaryNeverHangAcrossCheckpoints() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b.checkpointDelay(Duration.ofMillis(100))).launch()) {
            live.pair.start();
            QemuIo io = live.io(Role.PRIMARY);
            AtomicInteger checkpoints = new AtomicInteger();
            try (QmpSubscription sub = live.pair.qmp(Role.PRIMARY).onEvent("RESUME", e -> checkpoints.incrementAndGet())) {
                for (int i = 0; i < WRITES; i++) {
                    try {
                        io.writeBetweenCheckpoints("colo-disk0", pattern(i), BASE + (i % 16) * SLOT, SLOT);
                    } catch (RuntimeException e) {
                        fail("qemu-io write " + i + " of " + WRITES + " on the COLO primary did not complete (after "
                                + checkpoints.get() + " checkpoints): " + e.getMessage() + "\nprimary's log:\n"
                                + java.nio.file.Files.readString(live.launcher(Role.PRIMARY).log()) + "\nsecondary's log:\n"
                                + java.nio.file.Files.readString(live.launcher(Role.SECONDARY).log()), e);
                    }
                }
            }
            assertThat(checkpoints.get()).as("one checkpoint ended before each write").isGreaterThanOrEqualTo(WRITES);
            for (int slot = 0; slot < 16; slot++) {
                int last = slot + 16 * ((WRITES - 1 - slot) / 16);
                long offset = BASE + slot * SLOT;
                assertThat(io.verify("colo-disk0", pattern(last), offset, SLOT)).as("slot %d holds write %d", slot, last).isTrue();
                assertThat(io.verify("colo-disk0", pattern(last) ^ 0xff, offset, SLOT)).as("the check can fail").isFalse();
            }
            assertThat(live.pair.nodeStatus(Role.PRIMARY).isInColo(ColoMode.PRIMARY)).as("%s", live.pair.nodeStatus(Role.PRIMARY)).isTrue();
        }
    }

    private static int pattern(int write) {
        return 0x10 + write % 0xe0;
    }
}
