package org.colo4j;

import java.nio.file.Path;
import java.time.Duration;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;

/** Specs shared by the colo-api tests. */
final class Specs {

    /** The version the unit tests render for, set explicitly so that no test runs QEMU to ask. */
    static final QemuVersion QEMU = QemuVersion.of(7, 2, 22);

    private Specs() {}

    /** COLO-FT.txt's layout on loopback: primary 127.0.0.1, secondary 127.0.0.2, one disk of 64 MiB, one NIC, QEMU 7.2.22. */
    static ColoPairSpec.Builder reference(Path dir) {
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp"))).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp"))).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(dir.resolve("primary.qcow2"))
                        .secondaryImage(dir.resolve("secondary-parent.qcow2")).activeImage(dir.resolve("secondary-active.qcow2"))
                        .hiddenImage(dir.resolve("secondary-hidden.qcow2")).virtualSize(64L << 20).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .checkpointDelay(Duration.ofSeconds(2))
                .qemuVersion(QEMU);
    }

    /** The reference primary node (127.0.0.1, QMP at {@code dir/primary.qmp}), to be varied. */
    static ColoNode.Builder primaryNode(Path dir) {
        return ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp")));
    }

    /** The reference secondary node (127.0.0.2, QMP at {@code dir/secondary.qmp}), to be varied. */
    static ColoNode.Builder secondaryNode(Path dir) {
        return ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")));
    }

    /**
     * A 64 MiB disk whose four qcow2 images are {@code dir/<prefix>primary.qcow2},
     * {@code <prefix>secondary-parent.qcow2}, {@code <prefix>secondary-active.qcow2} and
     * {@code <prefix>secondary-hidden.qcow2}; no id, so it gets {@code colo-disk<i>}.
     */
    static ColoDisk.Builder disk(Path dir, String prefix) {
        return ColoDisk.builder().primaryImage(dir.resolve(prefix + "primary.qcow2"))
                .secondaryImage(dir.resolve(prefix + "secondary-parent.qcow2"))
                .activeImage(dir.resolve(prefix + "secondary-active.qcow2"))
                .hiddenImage(dir.resolve(prefix + "secondary-hidden.qcow2")).virtualSize(64L << 20);
    }

    /** A spec with the reference nodes and no disks or NICs yet, to be completed by the test. */
    static ColoPairSpec.Builder nodesOnly(Path dir) {
        return ColoPairSpec.builder().primary(primaryNode(dir).build()).secondary(secondaryNode(dir).build())
                .qemuVersion(QEMU);
    }
}
