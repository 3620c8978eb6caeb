package org.colo4j.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.colo4j.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SelfFence#stopAndQuitOrKill(Path)} with real processes standing in for QEMU: a copy of
 * {@code sleep} named like QEMU, and plain {@code sleep} for a pid that was reused by something else.
 */
class SelfFencePidFileTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static final FenceRequest REQUEST = new FenceRequest(Role.PRIMARY, "primary", Epoch.INITIAL.next("secondary"),
            "test");

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void killLeftover() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void killsTheQemuNamedByThePidFileWhenQmpCouldNotEndIt() throws Exception {
        process = start(qemuLookalike());
        Path pidFile = pidFile(process.pid());

        // No QMP connection: the QMP part has nothing to do, the process is still there after the deadline.
        String how = SelfFence.stopAndQuitOrKill(pidFile).fence(REQUEST, null, DEADLINE);

        assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("the QEMU look-alike is gone").isTrue();
        assertThat(how).contains("SIGKILL of pid " + process.pid()).contains(pidFile.toString());
    }

    @Test
    void refusesToKillAPidThatIsNotQemu() throws Exception {
        process = start(Path.of("/bin/sleep"));
        Path pidFile = pidFile(process.pid());

        assertThatThrownBy(() -> SelfFence.stopAndQuitOrKill(pidFile).fence(REQUEST, null, DEADLINE))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("will not kill pid " + process.pid())
                .hasMessageContaining("stale pid file");
        assertThat(process.isAlive()).as("the other process was left alone").isTrue();
    }

    @Test
    void anAbsentPidFileIsDoneWhenQmpEndedQemu() {
        String how = SelfFence.stopAndQuitOrKill(dir.resolve("gone.pid")).fence(REQUEST, null, DEADLINE);

        assertThat(how).doesNotContain("SIGKILL").contains("QEMU gone");
    }

    @Test
    void anAbsentPidFileFailsWhenQmpDidNotEndQemu() {
        Path pidFile = dir.resolve("gone.pid");

        assertThatThrownBy(() -> PidFileKill.ensureGone(pidFile, false, DEADLINE))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("pid file " + pidFile + " is absent")
                .hasMessageContaining("-pidfile");
    }

    @Test
    void aPidFileWithoutAPidIsReported() throws IOException {
        Path pidFile = dir.resolve("garbled.pid");
        Files.writeString(pidFile, "not a pid\n");

        assertThatThrownBy(() -> PidFileKill.ensureGone(pidFile, true, DEADLINE))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("cannot read the QEMU pid from " + pidFile);
    }

    @Test
    void aProcessThatEndsWithinTheDeadlineIsNotKilled() throws Exception {
        process = new ProcessBuilder(qemuLookalike().toString(), "0.1").start();
        Path pidFile = pidFile(process.pid());

        String how = PidFileKill.ensureGone(pidFile, true, Duration.ofSeconds(5));

        assertThat(how).isEmpty();
        assertThat(process.waitFor(0, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("it exited by itself, not by SIGKILL").isZero();
    }

    private Path qemuLookalike() throws IOException {
        Path copy = dir.resolve("qemu-system-x86_64");
        Files.copy(Path.of("/bin/sleep"), copy);
        copy.toFile().setExecutable(true);
        return copy;
    }

    private static Process start(Path binary) throws IOException {
        return new ProcessBuilder(binary.toString(), "60").start();
    }

    private Path pidFile(long pid) throws IOException {
        Path f = dir.resolve("qemu.pid");
        Files.writeString(f, pid + "\n");
        return f;
    }
}
