package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SecondaryDiskTest {

    private static BlockGraphValidationException invalid(SecondaryDisk.Builder b) {
        return catchThrowableOfType(BlockGraphValidationException.class, b::build);
    }

    @Test
    void indexedBuilderUsesColoFtNames() {
        SecondaryDisk d = Specs.secondary().build();
        assertThat(d.quorumId()).isEqualTo("colo-disk0");
        assertThat(d.topId()).isEqualTo("colo-disk0");
        assertThat(d.replicationId()).isEqualTo("childs0");
        assertThat(d.parentId()).isEqualTo("parent0");
        assertThat(d.exportName()).isEqualTo("parent0");
        assertThat(d.toString()).startsWith("SecondaryDisk[colo-disk0: quorum -> childs0(replication, top-id colo-disk0)"
                + " -> active(qcow2 /mnt/vms/colo-test-secondary/secondary-active.qcow2) -> hidden(");
        assertThat(d.toBuilder().build()).isEqualTo(d).hasSameHashCodeAs(d);
    }

    @Test
    void everyMissingFieldIsReported() {
        assertThat(invalid(SecondaryDisk.builder()).fields()).containsExactly(
                "quorumId", "replicationId", "parentId", "parentImage", "activeImage", "hiddenImage");
    }

    @Test
    void topIdMustNameTheQuorum() {
        BlockGraphValidationException e = invalid(Specs.secondary().topId("colo-disk1"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("topId");
            assertThat(p.message()).contains("'colo-disk1' does not name this disk's quorum 'colo-disk0'")
                    .contains("No top_bs or it is invalid").contains("set it to 'colo-disk0'");
        });
        assertThat(Specs.secondary().topId("colo-disk0").build().topId()).isEqualTo("colo-disk0");
    }

    @Test
    void activeDiskMustBeQcow2() {
        BlockGraphValidationException e = invalid(Specs.secondary().activeImage(DiskImage.raw(Path.of("/a.img"))));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("activeImage");
            assertThat(p.message()).contains("must be qcow2, not raw").contains("bdrv_make_empty")
                    .contains("qemu-img create -f qcow2 /a.img");
        });
    }

    @Test
    void hiddenDiskMustBeQcow2() {
        assertThat(invalid(Specs.secondary().hiddenImage(DiskImage.raw(Path.of("/h.img")))).fields())
                .containsExactly("hiddenImage");
    }

    @Test
    void parentMayBeRaw() {
        assertThat(Specs.secondary().parentImage(DiskImage.raw(Path.of("/p.img"))).build().parentImage().format())
                .isEqualTo(ImageFormat.RAW);
    }

    @Test
    void idsAreDistinctWithinTheDisk() {
        BlockGraphValidationException e = invalid(Specs.secondary().parentId("colo-disk0"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("parentId");
            assertThat(p.message()).contains("'colo-disk0' is already this disk's quorumId");
        });
    }

    @Test
    void parentActiveAndHiddenAreThreeFiles() {
        BlockGraphValidationException e = invalid(Specs.secondary()
                .hiddenImage(DiskImage.qcow2(Specs.SECONDARY_FOLDER.resolve("secondary-active.qcow2"))));
        assertThat(e.fields()).containsExactly("hiddenImage");
        assertThat(e.problems().get(0).message()).contains("is also the activeImage");
    }

    @Test
    void declaredSizesMustAgreeAndTheMessageNamesFilesAndSizes() {
        BlockGraphValidationException e = invalid(Specs.secondary()
                .parentImage(DiskImage.qcow2(Path.of("/s/parent.qcow2")).withVirtualSize(64L << 20))
                .activeImage(DiskImage.qcow2(Path.of("/s/active.qcow2")).withVirtualSize(32L << 20))
                .hiddenImage(DiskImage.qcow2(Path.of("/s/hidden.qcow2")).withVirtualSize(64L << 20)));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("activeImage");
            assertThat(p.message()).startsWith("the active disk /s/active.qcow2 is 32 MiB (33554432 bytes, declared)"
                    + " but the parent /s/parent.qcow2 is 64 MiB (67108864 bytes, declared);")
                    .contains("Active disk, hidden disk, secondary disk's length are not the same")
                    .endsWith("recreate it with 'qemu-img create -f qcow2 /s/active.qcow2 67108864' and declare that size");
        });
    }
}
