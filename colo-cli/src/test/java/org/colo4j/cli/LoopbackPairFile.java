package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPairSpec;
import org.colo4j.LoopbackPorts;
import org.colo4j.QemuCommandLine;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QmpEndpoint;

/**
 * A pair on loopback for the agent's live tests: blank 64 MiB images made with qemu-img in
 * {@code dir}, unix QMP sockets, ports from {@link LoopbackPorts}; written to {@code dir/pair.yaml}.
 */
final class LoopbackPairFile {

    private LoopbackPairFile() {}

    /** Writes the pair file for {@code accel} ({@code kvm} or {@code tcg}) and returns its path. */
    static Path write(Path dir, String accel) throws IOException, InterruptedException {
        Path p = dir.resolve("primary.qcow2");
        Path parent = dir.resolve("secondary-parent.qcow2");
        Path active = dir.resolve("secondary-active.qcow2");
        Path hidden = dir.resolve("secondary-hidden.qcow2");
        for (Path img : List.of(p, active, hidden)) {
            Process q = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", img.toString(), "64M").inheritIO().start();
            assertThat(q.waitFor()).as("qemu-img create %s", img).isZero();
        }
        Files.copy(p, parent);
        int base = LoopbackPorts.freeRange(7);
        ColoPairSpec spec = ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("p.qmp")))
                        .migrationPort(base + 5).nbdPort(base + 6).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("s.qmp")))
                        .migrationPort(base + 5).nbdPort(base + 6).build())
                // A blank disk: SeaBIOS falls back to the NIC's iPXE ROM, which crashes this machine's KVM (DESIGN.md).
                .machine(QemuCommandLine.builder().accel(accel).memoryMiB(128).extra("-global", "rtl8139.romfile=").build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(p).secondaryImage(parent).activeImage(active)
                        .hiddenImage(hidden).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .portPlan(PortPlan.of(base, PortPlan.MIN_STRIDE))
                .build();
        Path pair = dir.resolve("pair.yaml");
        spec.write(pair);
        return pair;
    }
}
