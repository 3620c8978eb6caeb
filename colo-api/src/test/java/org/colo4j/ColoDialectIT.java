package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.command.MigrateSetCapabilities;
import org.colo4j.qmp.QemuOnPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version rules against the qemu-system-x86_64 on PATH (CI runs this once per QEMU build): the
 * probed version is the greeting's, and {@link ColoDialect#enableColo()} is what that QEMU accepts,
 * while x-colo alone is refused exactly where the dialect says return-path is required.
 */
class ColoDialectIT {

    @TempDir
    Path dir;

    private String qemu;

    @BeforeEach
    void requireQemu() {
        qemu = QemuOnPath.require("qemu-system-x86_64").toString();
    }

    private QemuLauncher start() {
        QmpEndpoint qmp = QmpEndpoint.unix(dir.resolve("qmp.sock"));
        return QemuLauncher.start(List.of(qemu, "-machine", "none", "-nodefaults", "-display", "none", "-S",
                "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off"), qmp, dir.resolve("qemu.log"));
    }

    @Test
    void theProbedVersionIsTheGreetingsAndEnableColoIsAccepted() {
        QemuVersion probed = QemuBinaryVersion.of("qemu-system-x86_64").version();
        try (QemuLauncher launcher = start(); QmpClient client = launcher.connect(QmpOptions.defaults())) {
            assertThat(probed).isEqualTo(client.greeting().version());
            client.execute(ColoDialect.forVersion(probed).enableColo());
        }
    }

    @Test
    void xColoAloneIsRefusedExactlyWhereReturnPathIsRequired() {
        try (QemuLauncher launcher = start(); QmpClient client = launcher.connect(QmpOptions.defaults())) {
            ColoDialect dialect = ColoDialect.forVersion(client.greeting().version());
            if (dialect.requiresReturnPath()) {
                assertThatThrownBy(() -> client.execute(MigrateSetCapabilities.enable("x-colo")))
                        .isInstanceOf(QmpErrorResponseException.class).hasMessageContaining("return-path");
            } else {
                client.execute(MigrateSetCapabilities.enable("x-colo"));
            }
        }
    }
}
