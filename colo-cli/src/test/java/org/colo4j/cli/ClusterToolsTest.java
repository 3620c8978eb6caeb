package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.colo4j.qmp.QemuOnPath;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing cluster tool skips with the install command, or fails under colo4j.requireQemu. */
class ClusterToolsTest {

    @Test
    void aMissingToolSkipsWithTheHintOrFailsWhenRequired() {
        String previous = System.getProperty(QemuOnPath.REQUIRE_PROPERTY);
        try {
            System.clearProperty(QemuOnPath.REQUIRE_PROPERTY);
            assertThatThrownBy(() -> ClusterTools.require("colo4j-no-such-tool", ClusterTools.OCF_TESTER_HINT))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("colo4j-no-such-tool is not installed")
                    .hasMessageContaining("apt-get install -y --no-install-recommends resource-agents");
            System.setProperty(QemuOnPath.REQUIRE_PROPERTY, "true");
            assertThatThrownBy(() -> ClusterTools.require("colo4j-no-such-tool", ClusterTools.PCS_HINT))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining("pcs pacemaker-cli-utils fence-agents")
                    .hasMessageContaining("a failure, not a skip");
        } finally {
            if (previous == null) {
                System.clearProperty(QemuOnPath.REQUIRE_PROPERTY);
            } else {
                System.setProperty(QemuOnPath.REQUIRE_PROPERTY, previous);
            }
        }
        assertThat(ClusterTools.find("sh")).as("a tool that is there").isPresent();
    }
}
