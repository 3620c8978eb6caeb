package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-node settings on real QEMU: two QEMUs on one host where only the primary forwards a host port
 * (the same forward on both would make the second exit), each with its own accelerator options,
 * serial file and QEMU log; the pair then starts COLO and checkpoints, and the spec came through a
 * pair file.
 */
class PerNodeSettingsIT {

    @TempDir
    Path dir;

    @Test
    void aPairWhoseNodesDifferStartsColoFromItsPairFile() throws Exception {
        LivePair.requireKvm();
        int forwarded = LoopbackPorts.freePort();
        try (LivePair live = LivePair.create(dir, 1, 1, b -> {
            ColoPairSpec base = b.build();
            QemuCommandLine shared = base.machine();
            return b.primary(base.primary().toBuilder()
                            .nicBackend("hn0", "user,hostfwd=tcp:127.0.0.1:" + forwarded + "-:22")
                            .machine(shared.toBuilder().serial("file:" + dir.resolve("primary.serial"))
                                    .logFile(dir.resolve("primary-qemu.log")).logItems("guest_errors").build()).build())
                    .secondary(base.secondary().toBuilder()
                            .machine(shared.toBuilder().accel("kvm,kernel-irqchip=on")
                                    .serial("file:" + dir.resolve("secondary.serial")).build()).build());
        })) {
            Path file = dir.resolve("pair.yaml");
            live.spec.write(file);
            ColoPairSpec spec = ColoPairSpec.read(file);
            assertThat(spec).isEqualTo(live.spec);
            assertThat(spec.secondaryArgv()).contains("-accel", "kvm,kernel-irqchip=on").noneMatch(a -> a.contains("hostfwd"));

            live.launch(spec.secondaryArgv(), spec.primaryArgv());
            assertThat(live.pair.qmp(Role.PRIMARY).execute(new QueryStatus()).status()).isEqualTo(RunState.PRELAUNCH);
            assertThat(live.pair.qmp(Role.SECONDARY).execute(new QueryStatus()).status()).isEqualTo(RunState.INMIGRATE);
            assertThat(dir.resolve("primary.serial")).exists();
            assertThat(dir.resolve("secondary.serial")).exists();
            assertThat(dir.resolve("primary-qemu.log")).exists();
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", forwarded)) {
                assertThat(s.isConnected()).as("the primary's slirp listens on the forwarded port").isTrue();
            }

            live.pair.start();
            LivePair.awaitCheckpoint(live.pair.qmp(Role.PRIMARY), Duration.ofSeconds(20));
            assertThat(live.pair.status().isReplicating()).as("%s", live.pair.status()).isTrue();
        }
    }
}
