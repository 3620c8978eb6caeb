package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover onto a node whose peer hangs (SIGSTOP): the primary must not wait for TCP to give up on a
 * frozen secondary (QEMU 7.2 blocks its main loop in blockdev-del until colo4j yanks the NBD client).
 */
class ColoPairFreezeIT {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void thePrimaryCarriesOnWhenTheSecondaryFreezes() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.pair.start();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x6b, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            signal("STOP", live.secondary.pid());
            try {
                long t0 = System.nanoTime();
                FailoverReport report = live.pair.failover().onPrimary();
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
                assertThat(took).as("bounded by yank, not by TCP: %s", report).isLessThan(Duration.ofSeconds(10));
                assertThat(live.io(Role.PRIMARY).verify("colo-disk0", 0x6b, 0, MIB)).as("the pattern is there").isTrue();
                live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x6c, MIB, MIB);
                assertThat(live.io(Role.PRIMARY).verify("colo-disk0", 0x6c, MIB, MIB)).as("the survivor writes").isTrue();
            } finally {
                signal("CONT", live.secondary.pid());
            }
        }
    }

    @Test
    void theSecondaryTakesOverWhenThePrimaryFreezes() throws Exception {
        LivePair.requireKvm();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b).launch()) {
            live.pair.start();
            live.io(Role.PRIMARY).writeBetweenCheckpoints("colo-disk0", 0x7b, 0, MIB);
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            signal("STOP", live.primary.pid());
            try {
                long t0 = System.nanoTime();
                FailoverReport report = live.pair.failover().onSecondary();
                assertThat(report.status().isRunningAlone()).as("%s", report).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
                assertThat(live.io(Role.SECONDARY).verify("colo-disk0", 0x7b, 0, MIB)).as("the pattern is there").isTrue();
            } finally {
                signal("CONT", live.primary.pid());
            }
        }
    }

    static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }
}
