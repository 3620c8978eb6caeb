package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.colo4j.qmp.QemuVersion;
import org.junit.jupiter.api.Test;

class KnownQemuIssuesTest {

    private static boolean broken(int major, int minor, int micro) {
        return KnownQemuIssues.coloBroken(QemuVersion.of(major, minor, micro)).isPresent();
    }

    @Test
    void releasesWithoutTheColoTransitionFixAreRefused() {
        for (int micro = 0; micro <= 6; micro++) {
            assertThat(broken(10, 0, micro)).as("10.0.%d", micro).isTrue();
        }
        for (int micro = 0; micro <= 2; micro++) {
            assertThat(broken(10, 1, micro)).as("10.1.%d", micro).isTrue();
        }
        assertThat(KnownQemuIssues.coloBroken(QemuVersion.of(10, 1, 2)).orElseThrow())
                .contains("never enters COLO", "0b5bf4ea76", "10.0.7", "10.1.3");
    }

    @Test
    void releasesWithTheFixAndOlderOnesAreAccepted() {
        assertThat(broken(10, 0, 7)).isFalse();
        assertThat(broken(10, 1, 3)).isFalse();
        assertThat(broken(10, 2, 0)).isFalse();
        assertThat(broken(9, 2, 0)).isFalse();
        assertThat(broken(7, 2, 22)).isFalse();
        assertThat(broken(5, 0, 0)).isFalse();
    }

    @Test
    void releasesBeforeFilterInsertPositionAreRefused() {
        assertThat(KnownQemuIssues.coloBroken(QemuVersion.of(4, 2, 1)).orElseThrow()).contains("insert/position", "5.0");
    }
}
