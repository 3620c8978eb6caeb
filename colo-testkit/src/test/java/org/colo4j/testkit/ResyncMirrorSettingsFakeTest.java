package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairOptions;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.blockgraph.MirrorSettings;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resync mirror's granularity, buf-size and copy-mode, from {@link ColoPairOptions} to the drive-mirror QEMU receives. */
class ResyncMirrorSettingsFakeTest {

    @TempDir
    Path dir;

    private ReceivedCommand resumeAndGetMirror(ColoPairOptions options) {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec, options)) {
            pair.start();
            fakes.secondary().kill();
            pair.failover().onPrimary();
            ColoNode node = spec.secondary().toBuilder().name("secondary2").address("127.0.0.3")
                    .qmp(QmpEndpoint.unix(dir.resolve("secondary2.qmp"))).build();
            ColoPairSpec next = spec.afterFailover(Role.PRIMARY, node, spec.disks());
            fakes.startNewSecondary(next);
            try (ColoPair resumed = pair.resumeReplication(next)) {
                assertThat(resumed.status().isReplicating()).isTrue();
            }
            return fakes.primary().server().received().stream().filter(c -> c.name().equals("drive-mirror"))
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void theOptionsSettingsReachTheMirror() {
        ReceivedCommand mirror = resumeAndGetMirror(ColoPairOptions.defaults().withResyncMirror(MirrorSettings.qemuDefaults()
                .withGranularity(1L << 20).withBufSize(32L << 20).withCopyMode(MirrorSettings.CopyMode.WRITE_BLOCKING)));
        assertThat(mirror.argument("granularity").asLong()).isEqualTo(1L << 20);
        assertThat(mirror.argument("buf-size").asLong()).isEqualTo(32L << 20);
        assertThat(mirror.argument("copy-mode").asText()).isEqualTo("write-blocking");
    }

    @Test
    void qemuDefaultsLeaveTheArgumentsOut() {
        ReceivedCommand mirror = resumeAndGetMirror(ColoPairOptions.defaults().withResyncMirror(MirrorSettings.qemuDefaults()));
        assertThat(mirror.arguments().has("granularity")).isFalse();
        assertThat(mirror.arguments().has("buf-size")).isFalse();
        assertThat(mirror.arguments().has("copy-mode")).isFalse();
        assertThat(mirror.argument("sync").asText()).isEqualTo("full");
    }

    @Test
    void theDefaultOptionsCarryColo4jsDefaultSettings() {
        assertThat(ColoPairOptions.defaults().resyncMirror()).isEqualTo(MirrorSettings.defaults());
        assertThat(new org.colo4j.ColoPairOptions(org.colo4j.qmp.QmpOptions.defaults(), org.colo4j.ColoTimeouts.defaults())
                .resyncMirror()).isEqualTo(MirrorSettings.defaults());
    }
}
