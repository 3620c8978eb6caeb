package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The live tests' skip rule: skip with the reason, unless colo4j.requireQemu=true makes it a failure. */
class LiveQemuTest {

    private final String saved = System.getProperty("colo4j.requireQemu");

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty("colo4j.requireQemu");
        } else {
            System.setProperty("colo4j.requireQemu", saved);
        }
    }

    @Test
    void missingToolSkipsWithTheReason() {
        System.setProperty("colo4j.requireQemu", "false");
        assertThatThrownBy(() -> LiveQemu.requireTool("colo4j-no-such-tool"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("colo4j-no-such-tool not on PATH: apt-get install qemu-system-x86 qemu-utils");
    }

    @Test
    void missingToolFailsWhenQemuIsRequired() {
        System.setProperty("colo4j.requireQemu", "true");
        assertThatThrownBy(() -> LiveQemu.requireTool("colo4j-no-such-tool"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("colo4j-no-such-tool not on PATH").hasMessageContaining("colo4j.requireQemu=true");
    }
}
