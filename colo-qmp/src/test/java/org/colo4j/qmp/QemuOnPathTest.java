package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The live tests' skip rule: skip with the reason, unless colo4j.requireQemu=true makes it a failure. */
class QemuOnPathTest {

    private final String saved = System.getProperty(QemuOnPath.REQUIRE_PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(QemuOnPath.REQUIRE_PROPERTY);
        } else {
            System.setProperty(QemuOnPath.REQUIRE_PROPERTY, saved);
        }
    }

    @Test
    void missingToolSkipsWithTheReason() {
        System.setProperty(QemuOnPath.REQUIRE_PROPERTY, "false");
        assertThatThrownBy(() -> QemuOnPath.require("colo4j-no-such-tool"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("colo4j-no-such-tool not on PATH: apt-get install qemu-system-x86 qemu-utils");
    }

    @Test
    void missingToolFailsWhenQemuIsRequired() {
        System.setProperty(QemuOnPath.REQUIRE_PROPERTY, "true");
        assertThatThrownBy(() -> QemuOnPath.require("colo4j-no-such-tool"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("colo4j-no-such-tool not on PATH").hasMessageContaining("colo4j.requireQemu=true");
    }

    @Test
    void aToolOnPathIsFoundWithItsPath() {
        // sh is on PATH on every POSIX system these tests run on.
        assertThat(QemuOnPath.find("sh")).hasValueSatisfying(p -> assertThat(p.getFileName().toString()).isEqualTo("sh"));
        assertThat(QemuOnPath.require("sh")).isEqualTo(QemuOnPath.find("sh").orElseThrow());
    }
}
