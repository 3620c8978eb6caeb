package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live-test helper itself: a launch that fails half-way leaves no QEMU behind (issue 13, item 7). */
class LivePairIT {

    @TempDir
    Path dir;

    @Test
    void aSecondaryThatFailsToLaunchTakesThePrimaryDownWithIt() throws Exception {
        LivePair.requireQemu();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> b)) {
            List<String> bad = new ArrayList<>(live.spec.secondaryArgv());
            bad.add("-colo4j-bogus");
            assertThatThrownBy(() -> live.launch(bad, live.spec.primaryArgv()))
                    .isInstanceOf(QemuLaunchException.class).hasMessageContaining("-colo4j-bogus");

            assertThat(live.primary).as("the primary was started before the secondary failed").isNotNull();
            long pid = live.primary.pid();
            assertThat(live.primary.isAlive()).as("primary QEMU (pid %d)", pid).isFalse();
            assertThat(ProcessHandle.of(pid)).as("no process with the primary's pid %d", pid).isEmpty();
            assertThat(live.secondary).as("the secondary never launched").isNull();
            assertThat(live.pair).isNull();
        }
    }
}
