package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.colo4j.qmp.QemuOnPath;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QemuLauncher with a real qemu-system-x86_64. */
class QemuLauncherIT {

    @TempDir
    Path dir;

    private String qemu;

    @BeforeEach
    void requireQemu() {
        qemu = QemuOnPath.require("qemu-system-x86_64").toString();
    }

    @Test
    void startsConnectsAndStopsItsOwnProcess() {
        QmpEndpoint qmp = QmpEndpoint.unix(dir.resolve("qmp.sock"));
        long pid;
        try (QemuLauncher launcher = QemuLauncher.start(List.of(qemu, "-machine", "none", "-nodefaults", "-display", "none",
                "-S", "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off"), qmp, dir.resolve("qemu.log"));
             QmpClient client = launcher.connect(QmpOptions.defaults())) {
            pid = launcher.pid();
            assertThat(launcher.isAlive()).isTrue();
            assertThat(client.execute(new QueryStatus()).status()).isEqualTo(RunState.PRELAUNCH);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void killIsImmediateAndTheClientSeesQemuDie() {
        QmpEndpoint qmp = QmpEndpoint.unix(dir.resolve("qmp.sock"));
        try (QemuLauncher launcher = QemuLauncher.start(List.of(qemu, "-machine", "none", "-nodefaults", "-display", "none",
                "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off"), qmp, dir.resolve("qemu.log"));
             QmpClient client = launcher.connect(QmpOptions.defaults())) {
            launcher.kill();
            assertThat(launcher.isAlive()).isFalse();
            assertThat(launcher.exitCode()).hasValue(137);
            assertThatThrownBy(() -> client.execute(new QueryStatus())).isInstanceOf(org.colo4j.qmp.QmpConnectionClosedException.class);
        }
    }

    @Test
    void aNetdevThatFailsAfterQmpIsOpenIsReportedByStartNotByTheNextCall() throws Exception {
        // QEMU opens the QMP socket before it sets up -netdev; a host forwarding rule on a port that is
        // taken makes it exit right after ("Could not set up host forwarding rule").
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            QmpEndpoint qmp = QmpEndpoint.unix(dir.resolve("qmp.sock"));
            assertThatThrownBy(() -> QemuLauncher.start(List.of(qemu, "-machine", "none", "-nodefaults", "-display", "none",
                    "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off",
                    "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:" + taken.getLocalPort() + "-:22"), qmp, dir.resolve("qemu.log")))
                    .isInstanceOf(QemuLaunchException.class)
                    .hasMessageContaining("exited")
                    .hasMessageContaining("host forwarding rule");
        }
    }

    @Test
    void aBadOptionIsReportedInQemusOwnWords() {
        assertThatThrownBy(() -> QemuLauncher.start(List.of(qemu, "-machine", "none", "-colo4j-bogus",
                "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off"),
                QmpEndpoint.unix(dir.resolve("qmp.sock")), dir.resolve("qemu.log")))
                .isInstanceOf(QemuLaunchException.class)
                .hasMessageContaining("exited with 1")
                .hasMessageContaining("-colo4j-bogus");
    }
}
