package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PrimaryDiskTest {

    private static BlockGraphValidationException invalid(PrimaryDisk.Builder b) {
        return catchThrowableOfType(BlockGraphValidationException.class, b::build);
    }

    @Test
    void indexedBuilderUsesColoFtNames() {
        PrimaryDisk d = Specs.primary().build();
        assertThat(d.quorumId()).isEqualTo("colo-disk0");
        assertThat(d.replicationNodeName()).isEqualTo("replication0");
        assertThat(d.exportName()).isEqualTo("parent0");
        assertThat(d.driveInterface()).isEqualTo(DriveInterface.IDE);
        assertThat(d).hasToString("PrimaryDisk[colo-disk0: quorum(qcow2 /mnt/vms/colo-test-primary/primary.qcow2)"
                + " + replication0 -> NBD export parent0, if=ide]");
        assertThat(d.toBuilder().build()).isEqualTo(d).hasSameHashCodeAs(d);
    }

    @Test
    void everyMissingFieldIsReported() {
        BlockGraphValidationException e = invalid(PrimaryDisk.builder());
        assertThat(e.fields()).containsExactly("quorumId", "image", "replicationNodeName", "exportName");
        assertThat(e.problems().get(1).message()).contains("image(DiskImage.qcow2(path))");
        assertThat(e.getMessage()).startsWith("Invalid PrimaryDisk (4 problems):\n  - quorumId: missing;");
    }

    @Test
    void idMustStartWithALetter() {
        BlockGraphValidationException e = invalid(Specs.primary().quorumId("0disk"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("quorumId");
            assertThat(p.message()).contains("'0disk' is not a QEMU id").contains("start with a letter")
                    .contains("use e.g. 'colo-disk0'");
        });
    }

    @Test
    void idHoldsOnlyLettersDigitsDashUnderscoreDot() {
        assertThat(invalid(Specs.primary().exportName("parent 0")).fields()).containsExactly("exportName");
        assertThat(invalid(Specs.primary().quorumId("colo,disk0")).fields()).containsExactly("quorumId");
        assertThat(Specs.primary().quorumId("Colo_disk-0.a").build().quorumId()).isEqualTo("Colo_disk-0.a");
    }

    @Test
    void replicationNodeNameFitsQemusNodeNameLength() {
        String name32 = "r".repeat(32);
        BlockGraphValidationException e = invalid(Specs.primary().replicationNodeName(name32));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("32 characters long").contains("at most 31").contains("Node name too long"));
        assertThat(Specs.primary().replicationNodeName("r".repeat(31)).build()).isNotNull();
    }

    @Test
    void replicationNodeNameIsNotTheQuorumId() {
        BlockGraphValidationException e = invalid(Specs.primary().replicationNodeName("colo-disk0"));
        assertThat(e.fields()).containsExactly("replicationNodeName");
        assertThat(e.problems().get(0).message()).contains("already the quorum's id");
    }

    @Test
    void pathWithLineBreakIsRejected() {
        BlockGraphValidationException e = invalid(Specs.primary().image(DiskImage.qcow2(Path.of("/vm/a\nb.qcow2"))));
        assertThat(e.fields()).containsExactly("image");
        assertThat(e.problems().get(0).message()).contains("/vm/a\\nb.qcow2").contains("line break");
    }

    /** QEMU does not look for a protocol prefix in file.filename=, so "nbd:x.qcow2" is a plain relative file. */
    @Test
    void pathWithAColonIsAPlainFile() {
        PrimaryDisk d = Specs.primary().image(DiskImage.qcow2(Path.of("nbd:disk.qcow2"))).build();
        assertThat(DriveArgvRenderer.primary(d).get(1)).contains("children.0.file.filename=nbd:disk.qcow2,");
    }

    @Test
    void declaredSizeMustBePositive() {
        BlockGraphValidationException e = invalid(Specs.primary()
                .image(DiskImage.qcow2(Path.of("/p.qcow2")).withVirtualSize(0)));
        assertThat(e.fields()).containsExactly("image");
        assertThat(e.problems().get(0).message()).contains("declare a positive size");
    }
}
