package org.colo4j.blockgraph;

import java.nio.file.Path;

/** The specs the tests share: COLO-FT.txt's single disk, and variations. */
final class Specs {

    static final Path PRIMARY_FOLDER = Path.of("/mnt/vms/colo-test-primary");
    static final Path SECONDARY_FOLDER = Path.of("/mnt/vms/colo-test-secondary");

    private Specs() {}

    /** COLO-FT.txt's primary disk: colo-disk0 over $imagefolder/primary.qcow2. */
    static PrimaryDisk.Builder primary() {
        return PrimaryDisk.builder(0).image(DiskImage.qcow2(PRIMARY_FOLDER.resolve("primary.qcow2")));
    }

    /** COLO-FT.txt's secondary disk: parent0, childs0, colo-disk0. */
    static SecondaryDisk.Builder secondary() {
        return SecondaryDisk.builder(0)
                .parentImage(DiskImage.qcow2(SECONDARY_FOLDER.resolve("primary.qcow2")))
                .activeImage(DiskImage.qcow2(SECONDARY_FOLDER.resolve("secondary-active.qcow2")))
                .hiddenImage(DiskImage.qcow2(SECONDARY_FOLDER.resolve("secondary-hidden.qcow2")));
    }

    /** Disk {@code i} with its own names and files under /colo. */
    static PrimaryDisk.Builder primary(int i) {
        return PrimaryDisk.builder(i).image(DiskImage.qcow2(Path.of("/colo/p/disk" + i + ".qcow2")));
    }

    static SecondaryDisk.Builder secondary(int i) {
        return SecondaryDisk.builder(i)
                .parentImage(DiskImage.qcow2(Path.of("/colo/s/disk" + i + ".qcow2")))
                .activeImage(DiskImage.qcow2(Path.of("/colo/s/active" + i + ".qcow2")))
                .hiddenImage(DiskImage.qcow2(Path.of("/colo/s/hidden" + i + ".qcow2")));
    }

    /** COLO-FT.txt's pair: NBD server 0.0.0.0:9999, primary connects to 127.0.0.2:9999. */
    static BlockReplication.Builder coloFt() {
        return BlockReplication.builder().nbdServer("0.0.0.0", 9999).nbdTarget("127.0.0.2", 9999)
                .disk(primary(), secondary());
    }
}
