package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriveArgvRendererTest {

    /** COLO-FT.txt, "Startup qemu", step 1: the primary's -drive, lines joined, $imagefolder filled in. */
    @Test
    void primaryArgvIsColoFtReference() {
        assertThat(DriveArgvRenderer.primary(Specs.coloFt().build())).containsExactly(
                "-drive",
                "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,"
                        + "children.0.file.filename=/mnt/vms/colo-test-primary/primary.qcow2,children.0.driver=qcow2");
    }

    /** COLO-FT.txt, "Startup qemu", step 2: the secondary's three -drive, lines joined, $imagefolder filled in. */
    @Test
    void secondaryArgvIsColoFtReference() {
        assertThat(DriveArgvRenderer.secondary(Specs.coloFt().build())).containsExactly(
                "-drive",
                "if=none,id=parent0,file.filename=/mnt/vms/colo-test-secondary/primary.qcow2,driver=qcow2",
                "-drive",
                "if=none,id=childs0,driver=replication,mode=secondary,file.driver=qcow2,"
                        + "top-id=colo-disk0,file.file.filename=/mnt/vms/colo-test-secondary/secondary-active.qcow2,"
                        + "file.backing.driver=qcow2,file.backing.file.filename=/mnt/vms/colo-test-secondary/secondary-hidden.qcow2,"
                        + "file.backing.backing=parent0",
                "-drive",
                "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0=childs0");
    }

    @Test
    void rendersEveryDiskInOrderWithItsOwnNames() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0), Specs.secondary(0))
                .disk(Specs.primary(1), Specs.secondary(1))
                .build();
        List<String> primary = DriveArgvRenderer.primary(r);
        assertThat(primary).hasSize(4);
        assertThat(primary.get(1)).startsWith("if=ide,id=colo-disk0,").contains("/colo/p/disk0.qcow2");
        assertThat(primary.get(3)).startsWith("if=ide,id=colo-disk1,").contains("/colo/p/disk1.qcow2");
        List<String> secondary = DriveArgvRenderer.secondary(r);
        assertThat(secondary).hasSize(12);
        assertThat(secondary).filteredOn(a -> a.startsWith("if=")).extracting(a -> a.split(",")[1]).containsExactly(
                "id=parent0", "id=childs0", "id=colo-disk0", "id=parent1", "id=childs1", "id=colo-disk1");
        assertThat(secondary.get(9)).endsWith("file.backing.backing=parent1").contains("top-id=colo-disk1");
    }

    @Test
    void escapesCommasInPaths() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(PrimaryDisk.builder(0).image(DiskImage.qcow2(Path.of("/vm/a,b.qcow2"))),
                        Specs.secondary(0).activeImage(DiskImage.qcow2(Path.of("/vm/act,,ive.qcow2"))))
                .build();
        assertThat(DriveArgvRenderer.primary(r).get(1)).contains("children.0.file.filename=/vm/a,,b.qcow2,children.0.driver");
        assertThat(DriveArgvRenderer.secondary(r).get(3)).contains("file.file.filename=/vm/act,,,,ive.qcow2,file.backing");
    }

    @Test
    void rawImagesAndOtherInterfaces() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0).image(DiskImage.raw(Path.of("/p.img"))).driveInterface(DriveInterface.NONE),
                        Specs.secondary(0).parentImage(DiskImage.raw(Path.of("/s.img"))).driveInterface(DriveInterface.VIRTIO))
                .build();
        assertThat(DriveArgvRenderer.primary(r).get(1))
                .isEqualTo("if=none,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,"
                        + "children.0.file.filename=/p.img,children.0.driver=raw");
        assertThat(DriveArgvRenderer.secondary(r).get(1)).isEqualTo("if=none,id=parent0,file.filename=/s.img,driver=raw");
        assertThat(DriveArgvRenderer.secondary(r).get(5)).startsWith("if=virtio,id=colo-disk0,driver=quorum,");
    }

    @Test
    void sameSpecSameArgv() {
        assertThat(DriveArgvRenderer.secondary(Specs.coloFt().build()))
                .isEqualTo(DriveArgvRenderer.secondary(Specs.coloFt().build()));
    }

    @Test
    void escapeRejectsWhatCannotBeEscaped() {
        assertThat(DriveArgvRenderer.escape("a,b")).isEqualTo("a,,b");
        assertThatThrownBy(() -> DriveArgvRenderer.escape("a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a\\nb").hasMessageContaining("line break");
        assertThatThrownBy(() -> DriveArgvRenderer.escape("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }
}
