package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpJson;
import org.junit.jupiter.api.Test;

/** The COLO migration's version rules, golden per version on both sides of each boundary. */
class ColoDialectTest {

    private static final String X_COLO_ONLY = "{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
            + "[{\"capability\":\"x-colo\",\"state\":true}]}}";
    private static final String X_COLO_AND_RETURN_PATH = "{\"execute\":\"migrate-set-capabilities\",\"arguments\":"
            + "{\"capabilities\":[{\"capability\":\"x-colo\",\"state\":true},{\"capability\":\"return-path\",\"state\":true}]}}";

    private static String enableColo(int major, int minor, int micro) {
        return QmpJson.toJson(ColoDialect.forVersion(QemuVersion.of(major, minor, micro)).enableColo());
    }

    @Test
    void qemu7222SendsXColoAlone() {
        assertThat(enableColo(7, 2, 22)).isEqualTo(X_COLO_ONLY);
    }

    @Test
    void qemu10013SendsXColoAloneBecauseReturnPathBreaksItsFirstCheckpoint() {
        assertThat(enableColo(10, 0, 13)).isEqualTo(X_COLO_ONLY);
    }

    @Test
    void qemu1022IsTheLastReleaseCheckedWithoutTheReturnPathRule() {
        assertThat(ColoDialect.forVersion(QemuVersion.of(10, 2, 2)).requiresReturnPath()).isFalse();
        assertThat(enableColo(10, 2, 99)).isEqualTo(X_COLO_ONLY);
    }

    @Test
    void qemu11SendsReturnPathWithXColo() {
        assertThat(ColoDialect.forVersion(QemuVersion.of(11, 0, 0)).requiresReturnPath()).isTrue();
        assertThat(enableColo(11, 0, 0)).isEqualTo(X_COLO_AND_RETURN_PATH);
        assertThat(enableColo(11, 1, 3)).isEqualTo(X_COLO_AND_RETURN_PATH);
    }

    @Test
    void capabilitiesAreListedInTheOrderSent() {
        assertThat(ColoDialect.forVersion(QemuVersion.of(11, 1, 3)).migrationCapabilities())
                .containsExactly("x-colo", "return-path");
        assertThat(ColoDialect.forVersion(QemuVersion.of(7, 2, 22)).migrationCapabilities()).containsExactly("x-colo");
    }

    @Test
    void versionIsRequiredAndKept() {
        assertThatThrownBy(() -> ColoDialect.forVersion(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("version");
        assertThat(ColoDialect.forVersion(QemuVersion.of(10, 0, 13)).version()).isEqualTo(QemuVersion.of(10, 0, 13));
        assertThat(ColoDialect.forVersion(QemuVersion.of(10, 0, 13))).hasToString("ColoDialect[QEMU 10.0.13]");
    }
}
