package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BlockReplicationTest {

    private static BlockGraphValidationException invalid(BlockReplication.Builder b) {
        return catchThrowableOfType(BlockGraphValidationException.class, b::build);
    }

    @Test
    void coloFtPairBuilds() {
        BlockReplication r = Specs.coloFt().build();
        assertThat(r.disks()).hasSize(1);
        assertThat(r.nbdServer()).isEqualTo(new NbdAddress("0.0.0.0", 9999));
        assertThat(r.nbdTarget()).isEqualTo(new NbdAddress("127.0.0.2", 9999));
        assertThat(r.disk("colo-disk0")).isPresent();
        assertThat(r.disks().get(0).exportName()).isEqualTo("parent0");
        assertThat(r.toBuilder().build()).isEqualTo(r);
    }

    @Test
    void toStringShowsEveryDiskSide() {
        assertThat(Specs.coloFt().build().toString()).startsWith(
                "BlockReplication[NBD server 0.0.0.0:9999, primary connects to 127.0.0.2:9999, 1 disk\n"
                        + "  disks[0].primary   PrimaryDisk[colo-disk0: ")
                .contains("\n  disks[0].secondary SecondaryDisk[colo-disk0: ").endsWith("\n]");
    }

    @Test
    void nbdTargetDefaultsToAConcreteServerAddress() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(), Specs.secondary()).build();
        assertThat(r.nbdTarget()).isEqualTo(new NbdAddress("127.0.0.2", 9999));
    }

    @Test
    void wildcardServerNeedsATarget() {
        BlockGraphValidationException e = invalid(Specs.coloFt().nbdTarget(null));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("nbdTarget");
            assertThat(p.message()).contains("listens on '0.0.0.0'").contains("set nbdTarget(\"<secondary address>\", 9999)");
        });
    }

    @Test
    void targetCannotBeAWildcard() {
        assertThat(invalid(Specs.coloFt().nbdTarget("0.0.0.0", 9999)).fields()).containsExactly("nbdTarget.host");
    }

    @Test
    void nbdServerIsRequired() {
        assertThat(invalid(BlockReplication.builder().disk(Specs.primary(), Specs.secondary())).fields())
                .containsExactly("nbdServer");
    }

    @Test
    void portsAreTcpPorts() {
        BlockGraphValidationException e = invalid(Specs.coloFt().nbdServer("0.0.0.0", 0).nbdTarget("127.0.0.2", 65536));
        assertThat(e.fields()).containsExactly("nbdServer.port", "nbdTarget.port");
        assertThat(e.problems().get(1).message()).isEqualTo("65536 is not a TCP port; use 1 to 65535, e.g. 9999");
    }

    @Test
    void hostsAreAddressesOrNames() {
        assertThat(invalid(Specs.coloFt().nbdTarget("127.0.0.2/24", 9999)).fields()).containsExactly("nbdTarget.host");
        assertThat(invalid(Specs.coloFt().nbdTarget(" ", 9999)).fields()).containsExactly("nbdTarget.host");
        assertThat(Specs.coloFt().nbdTarget("::1", 9999).build().nbdTarget()).hasToString("[::1]:9999");
    }

    @Test
    void atLeastOneDisk() {
        assertThat(invalid(BlockReplication.builder().nbdServer("127.0.0.2", 9999)).fields()).containsExactly("disks");
    }

    @Test
    void exportNameMustBeTheSecondaryParentId() {
        BlockGraphValidationException e = invalid(BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary().exportName("disk0"), Specs.secondary()));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("disks[0].primary.exportName");
            assertThat(p.message()).contains("'disk0' is not the secondary parent's id 'parent0'")
                    .endsWith("Set exportName(\"parent0\")");
        });
    }

    @Test
    void idsAreUniqueAcrossDisksOnTheSecondary() {
        BlockGraphValidationException e = invalid(BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0), Specs.secondary(0))
                .disk(Specs.primary(1), Specs.secondary(1).replicationId("childs0")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("disks[1].secondary.replicationId");
            assertThat(p.message()).contains("'childs0' is already used by disks[0].secondary.replicationId")
                    .contains("unique within the secondary QEMU").contains("e.g. 'childs1'");
        });
    }

    @Test
    void idsAreUniqueAcrossDisksOnThePrimary() {
        BlockGraphValidationException e = invalid(BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0), Specs.secondary(0))
                .disk(Specs.primary(1).quorumId("colo-disk0"), Specs.secondary(1)));
        assertThat(e.fields()).containsExactly("disks[1].primary.quorumId");
    }

    @Test
    void replicationNodeNameIsNotAlreadyUsedOnThePrimary() {
        BlockGraphValidationException e = invalid(BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0), Specs.secondary(0))
                .disk(Specs.primary(1).replicationNodeName("colo-disk0"), Specs.secondary(1)));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("disks[1].primary.replicationNodeName");
            assertThat(p.message()).contains("'colo-disk0' is already used by disks[0].primary.quorumId");
        });
    }

    @Test
    void disksDoNotShareImageFiles() {
        BlockGraphValidationException e = invalid(BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0), Specs.secondary(0))
                .disk(Specs.primary(1), Specs.secondary(1).activeImage(DiskImage.qcow2(Path.of("/colo/s/hidden0.qcow2")))));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("disks[1].secondary.activeImage");
            assertThat(p.message()).contains("is also disks[0].secondary.hiddenImage");
        });
    }

    @Test
    void primaryImageAndParentHaveTheSameSize() {
        BlockGraphValidationException e = invalid(BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary().image(DiskImage.qcow2(Path.of("/p/primary.qcow2")).withVirtualSize(10L << 30)),
                        Specs.secondary().parentImage(DiskImage.qcow2(Path.of("/s/copy.qcow2")).withVirtualSize(8L << 30))));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("disks[0].primary.image");
            assertThat(p.message()).startsWith("the primary image /p/primary.qcow2 is 10 GiB (10737418240 bytes, declared)"
                    + " but the parent /s/copy.qcow2 is 8 GiB (8589934592 bytes, declared);")
                    .contains("copy the primary image to the secondary again");
        });
    }

    @Test
    void builderProblemsAreReportedWithTheirDiskPath() {
        BlockGraphValidationException e = invalid(BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0), Specs.secondary(0))
                .disk(Specs.primary(1).quorumId("1"), Specs.secondary(1).hiddenImage(null)));
        assertThat(e.fields()).containsExactly("disks[1].primary.quorumId", "disks[1].secondary.hiddenImage");
    }

    @Test
    void aSpecWithManyErrorsReportsAllOfThem() {
        BlockGraphValidationException e = invalid(BlockReplication.builder()
                .nbdServer("0.0.0.0", 99999)
                .disk(PrimaryDisk.builder(0).image(DiskImage.qcow2(Path.of("/p/disk0.qcow2")).withVirtualSize(64L << 20))
                                .replicationNodeName("replication-node-with-a-far-too-long-name"),
                        SecondaryDisk.builder(0).topId("colo-disk9")
                                .parentImage(DiskImage.qcow2(Path.of("/s/disk0.qcow2")).withVirtualSize(64L << 20))
                                .activeImage(DiskImage.raw(Path.of("/s/active0.img")).withVirtualSize(32L << 20))
                                .hiddenImage(DiskImage.qcow2(Path.of("/s/hidden0\n.qcow2"))))
                .disk(PrimaryDisk.builder(1).quorumId("colo-disk0").exportName("parent7")
                                .image(DiskImage.qcow2(Path.of("/p/disk1.qcow2"))),
                        SecondaryDisk.builder(1).parentId("parent0")
                                .parentImage(DiskImage.qcow2(Path.of("/s/disk1.qcow2")))
                                .activeImage(DiskImage.qcow2(Path.of("/s/active0.img")))
                                .hiddenImage(DiskImage.qcow2(Path.of("/s/hidden1.qcow2")))));
        assertThat(e.fields()).containsExactly(
                "nbdServer.port",
                "nbdTarget",
                "disks[0].primary.replicationNodeName",
                "disks[0].secondary.topId",
                "disks[0].secondary.activeImage",   // raw
                "disks[0].secondary.hiddenImage",   // line break
                "disks[0].secondary.activeImage",   // 32 MiB vs 64 MiB
                "disks[1].primary.exportName",      // parent7 vs parent0
                "disks[1].primary.quorumId",        // colo-disk0 twice on the primary
                "disks[1].secondary.parentId",      // parent0 twice on the secondary
                "disks[1].secondary.activeImage");  // same file as disk 0's active disk
        assertThat(e.getMessage()).startsWith("Invalid BlockReplication (11 problems):\n  - nbdServer.port: 99999");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.message())
                .containsAnyOf("set", "use", "give", "create", "leave", "declare", "shorten", "rename", "Set",
                        "move"));
    }

    @Test
    void acceptsBuiltDisksAndRejectsNulls() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary().build(), Specs.secondary().build()).build();
        assertThat(r.primaryDisks()).containsExactly(Specs.primary().build());
        assertThatThrownBy(() -> BlockReplication.builder().disk((DiskPair) null)).isInstanceOf(NullPointerException.class);
    }
}
