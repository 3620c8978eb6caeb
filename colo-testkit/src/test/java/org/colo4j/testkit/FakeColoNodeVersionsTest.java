package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.command.MigrateSetCapabilities;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.XColoLostHeartbeat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fake answers as the QEMU release it greets as: the answers of Debian's 7.2.22, 10.0.13 and
 * 11.1.3 as {@code FakeMatchesQemuIT} saw them, and the releases in between by QEMU's source.
 */
class FakeColoNodeVersionsTest {

    private static final QemuVersion V7_2 = QemuVersion.of(7, 2, 22);
    private static final QemuVersion V10_0 = QemuVersion.of(10, 0, 13);
    private static final QemuVersion V11_1 = QemuVersion.of(11, 1, 3);

    @AutoClose
    final StartedNodes nodes = new StartedNodes();

    @TempDir
    Path dir;

    static List<QemuVersion> measured() {
        return FakeColoNode.measuredVersions();
    }

    private FakeColoNode node(Role role, QemuVersion version) {
        return nodes.start(FakeColoNode.builder(role).version(version));
    }

    private static String error(QmpClient qmp, String command, Map<String, ?> args) {
        try {
            qmp.execute(command, args);
            return "no error";
        } catch (QmpErrorResponseException e) {
            return e.description();
        }
    }

    @Test
    void theMeasuredVersionsAreDebiansBuilds() {
        assertThat(FakeColoNode.measuredVersions()).containsExactly(V7_2, V10_0, V11_1);
        assertThat(node(Role.PRIMARY, V10_0).connect().greeting().packageName()).isEqualTo("Debian 1:10.0.13+ds-0+deb13u1");
        assertThat(node(Role.PRIMARY, V11_1).connect().greeting().packageName()).isEqualTo("Debian 1:11.1.3+ds-1");
        assertThat(node(Role.PRIMARY, QemuVersion.of(9, 2, 0)).connect().greeting().packageName())
                .as("an unmeasured version greets as an upstream build").isEmpty();
    }

    @Test
    void queryStatusLosesSinglestepIn9_0() {
        for (QemuVersion v : List.of(V7_2, QemuVersion.of(8, 2, 0), QemuVersion.of(9, 0, 0), V11_1)) {
            JsonNode status = node(Role.PRIMARY, v).connect().execute("query-status", Map.of());
            assertThat(status.has("singlestep")).as("%s", v).isEqualTo(v.compareTo(QemuVersion.of(9, 0, 0)) < 0);
            assertThat(status.path("status").asText()).isEqualTo("prelaunch");
        }
        assertThat(node(Role.PRIMARY, V10_0).status().singlestep()).isNull();
        assertThat(node(Role.PRIMARY, V7_2).status().singlestep()).isFalse();
    }

    @Test
    void heartbeatOutsideColoIsWordedPerRelease() {
        assertThat(error(node(Role.SECONDARY, V7_2).connect(), "x-colo-lost-heartbeat", Map.of()))
                .isEqualTo("The feature 'colo' is not enabled");
        assertThat(error(node(Role.SECONDARY, QemuVersion.of(8, 0, 0)).connect(), "x-colo-lost-heartbeat", Map.of()))
                .isEqualTo("VM is not in COLO mode");
        assertThatThrownBy(() -> node(Role.PRIMARY, V11_1).connect().execute(new XColoLostHeartbeat()))
                .hasMessageContaining("VM is not in COLO mode");
    }

    @Test
    void elevenRefusesXColoWithoutReturnPathOnTheCapabilitiesAsTheyWouldBe() {
        QmpClient old = node(Role.SECONDARY, V10_0).connect();
        old.execute(MigrateSetCapabilities.enable("x-colo"));
        QmpClient eleven = node(Role.SECONDARY, V11_1).connect();
        assertThat(error(eleven, "migrate-set-capabilities", Map.of("capabilities",
                List.of(Map.of("capability", "x-colo", "state", true)))))
                .isEqualTo("Capability 'x-colo' requires capability 'return-path'");
        eleven.execute(MigrateSetCapabilities.enable("return-path"));
        eleven.execute(MigrateSetCapabilities.enable("x-colo"));
        assertThat(error(eleven, "migrate-set-capabilities", Map.of("capabilities",
                List.of(Map.of("capability", "return-path", "state", false)))))
                .as("nor may return-path go while x-colo stays")
                .isEqualTo("Capability 'x-colo' requires capability 'return-path'");
    }

    @Test
    void capabilitiesFollowTheRelease() {
        List<String> v72 = capabilities(node(Role.PRIMARY, V7_2).connect());
        List<String> v100 = capabilities(node(Role.PRIMARY, V10_0).connect());
        List<String> v111 = capabilities(node(Role.PRIMARY, V11_1).connect());
        assertThat(v72).contains("compress", "block", "zero-blocks").doesNotContain("mapped-ram", "switchover-ack");
        assertThat(v100).contains("zero-blocks", "mapped-ram", "switchover-ack", "dirty-limit").doesNotContain("compress", "block");
        assertThat(v111).doesNotContain("zero-blocks").endsWith("switchover-ack", "dirty-limit", "mapped-ram");
        assertThat(error(node(Role.PRIMARY, V10_0).connect(), "migrate-set-capabilities", Map.of("capabilities",
                List.of(Map.of("capability", "compress", "state", false)))))
                .isEqualTo("Parameter 'capability' does not accept value 'compress'");
    }

    private static List<String> capabilities(QmpClient qmp) {
        JsonNode list = qmp.execute("query-migrate-capabilities", Map.of());
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(c -> c.path("capability").asText()).toList();
    }

    @Test
    void chardevReconnectOptionsFollowTheRelease() {
        Map<String, Object> addr = Map.of("type", "inet", "data", Map.of("host", "127.0.0.1", "port", "9"));
        Map<String, Object> seconds = Map.of("id", "c0", "backend", Map.of("type", "socket", "data",
                Map.of("addr", addr, "server", false, "reconnect", 1)));
        Map<String, Object> millis = Map.of("id", "c1", "backend", Map.of("type", "socket", "data",
                Map.of("addr", addr, "server", false, "reconnect-ms", 1000)));
        QmpClient v72 = node(Role.PRIMARY, V7_2).connect();
        assertThat(error(v72, "chardev-add", seconds)).isEqualTo("no error");
        assertThat(error(v72, "chardev-add", millis)).isEqualTo("Parameter 'backend.data.reconnect-ms' is unexpected");
        QmpClient v100 = node(Role.PRIMARY, V10_0).connect();
        assertThat(error(v100, "chardev-add", seconds)).as("deprecated, not removed").isEqualTo("no error");
        assertThat(error(v100, "chardev-add", millis)).isEqualTo("no error");
        QmpClient v111 = node(Role.PRIMARY, V11_1).connect();
        assertThat(error(v111, "chardev-add", seconds)).isEqualTo("Parameter 'backend.data.reconnect' is unexpected");
        assertThat(error(v111, "chardev-add", millis)).isEqualTo("no error");
    }

    @Test
    void migrateWithoutUriIsWordedPerRelease() {
        assertThat(error(node(Role.PRIMARY, V7_2).connect(), "migrate", Map.of())).isEqualTo("Parameter 'uri' is missing");
        assertThat(error(node(Role.PRIMARY, V10_0).connect(), "migrate", Map.of()))
                .isEqualTo("need either 'uri' or 'channels' argument");
        assertThat(error(node(Role.PRIMARY, V10_0).connect(), "migrate-incoming", Map.of()))
                .as("from 8.2 the run state is checked first").isEqualTo("'-incoming' was not specified on the command line");
        assertThat(error(node(Role.PRIMARY, V7_2).connect(), "migrate-incoming", Map.of())).isEqualTo("Parameter 'uri' is missing");
        assertThat(error(node(Role.PRIMARY, V11_1).connect(), "migrate", Map.of("uri", "tcp:127.0.0.1:9", "blk", false)))
                .isEqualTo("Parameter 'blk' is unexpected");
    }

    @ParameterizedTest
    @MethodSource("measured")
    void startColoTurnsOnWhatEachReleaseNeeds(QemuVersion v) {
        FakeColoNode primary = node(Role.PRIMARY, v);
        FakeColoNode secondary = node(Role.SECONDARY, v);
        FakeColoNode.startColo(primary, secondary);
        assertThat(primary.migrationStatus()).isEqualTo(MigrationStatus.COLO);
        boolean eleven = v.isAtLeast(11, 0);
        assertThat(primary.capability("return-path")).as("return-path on %s", v).isEqualTo(eleven);
        assertThat(secondary.capability("return-path")).isEqualTo(eleven);
    }

    @ParameterizedTest
    @MethodSource("measured")
    void aSpecBuiltNodeGreetsAsItsOwnRolesVersion(QemuVersion v) {
        ColoPairSpec base = FakeColoPair.loopbackSpec(dir);
        ColoPairSpec spec = base.toBuilder().qemuVersion(V10_0)
                .secondary(base.secondary().toBuilder().qemuVersion(v).build()).build();
        try (FakeColoPair fakes = FakeColoPair.start(spec)) {
            assertThat(fakes.primary().version()).isEqualTo(V10_0);
            assertThat(fakes.secondary().version()).isEqualTo(v);
            assertThat(fakes.secondary().connect().greeting().version()).isEqualTo(v);
        }
    }

    @Test
    void aReleaseRefusesToStartWithAnArgvItHasNoOptionFor() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir); // rendered for 7.2.22: the secondary's chardevs say reconnect=1
        assertThat(spec.secondaryArgv()).anyMatch(a -> a.contains(",reconnect=1"));
        assertThatThrownBy(() -> FakeColoNode.builder(spec, Role.SECONDARY).version(V11_1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QEMU 11.1.3 would not start with the argv this spec renders for QEMU 7.2.22")
                .hasMessageContaining("Invalid parameter 'reconnect'");
        FakeColoNode.builder(spec, Role.SECONDARY).version(V10_0).build().close(); // 10.0 still takes reconnect
        ColoPairSpec eleven = spec.toBuilder().qemuVersion(V11_1).build();
        assertThatThrownBy(() -> FakeColoNode.builder(eleven, Role.SECONDARY).version(V7_2).build())
                .hasMessageContaining("Invalid parameter 'reconnect-ms'");
    }
}
