package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's failure paths, with ordinary programs standing in for QEMU. */
class QemuLauncherTest {

    @TempDir
    Path dir;

    @Test
    void missingBinaryNamesItAndHowToInstallQemu() {
        assertThatThrownBy(() -> QemuLauncher.start(List.of("/nonexistent/qemu-system-x86_64"),
                QmpEndpoint.unix(dir.resolve("q.sock")), dir.resolve("q.log")))
                .isInstanceOf(QemuLaunchException.class)
                .hasMessageContaining("/nonexistent/qemu-system-x86_64")
                .hasMessageContaining("apt-get install qemu-system-x86");
    }

    @Test
    void processExitingDuringStartUpIsReportedWithItsOutput() {
        assertThatThrownBy(() -> QemuLauncher.start(List.of("/bin/sh", "-c", "echo 'qemu: -bogus: invalid option' >&2; exit 3"),
                QmpEndpoint.unix(dir.resolve("q.sock")), dir.resolve("q.log")))
                .isInstanceOf(QemuLaunchException.class)
                .hasMessageContaining("exited with 3")
                .hasMessageContaining("qemu: -bogus: invalid option");
    }

    @Test
    void qmpNeverOpeningHitsTheDeadlineAndTheProcessIsStopped() {
        long[] pid = new long[1];
        assertThatThrownBy(() -> QemuLauncher.start(List.of("/bin/sh", "-c", "echo $$ > " + dir.resolve("pid") + "; exec sleep 60"),
                QmpEndpoint.unix(dir.resolve("never.sock")), dir.resolve("q.log"), Duration.ofMillis(300)))
                .isInstanceOf(QemuLaunchException.class)
                .hasMessageContaining("did not open QMP")
                .hasMessageContaining("never.sock");
        pid[0] = Long.parseLong(readPid());
        assertThat(ProcessHandle.of(pid[0]).map(ProcessHandle::isAlive).orElse(false))
                .as("the launcher stopped the process it started").isFalse();
    }

    @Test
    void rejectsAnEmptyArgv() {
        assertThatThrownBy(() -> QemuLauncher.start(List.of(), QmpEndpoint.unix(dir.resolve("q.sock")), dir.resolve("q.log")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argv is empty");
    }

    private String readPid() {
        try {
            return java.nio.file.Files.readString(dir.resolve("pid")).strip();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
