package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LiveBlockGraphTest {

    /** The disk QEMU built for the fixtures: COLO-FT.txt's names, images under /tmp/colo. */
    private static SecondaryDisk.Builder fixtureSecondary() {
        return SecondaryDisk.builder(0)
                .parentImage(DiskImage.qcow2(Path.of("/tmp/colo/parent.qcow2")))
                .activeImage(DiskImage.qcow2(Path.of("/tmp/colo/active.qcow2")))
                .hiddenImage(DiskImage.qcow2(Path.of("/tmp/colo/hidden.qcow2")));
    }

    private static PrimaryDisk fixturePrimary() {
        return PrimaryDisk.builder(0).image(DiskImage.qcow2(Path.of("/tmp/colo/primary.qcow2"))).build();
    }

    @Test
    void secondaryGraphMatchesTheModel() {
        assertThat(Fixtures.secondaryGraph().verifySecondary(fixtureSecondary().build())).isEmpty();
    }

    @Test
    void secondaryGraphDifferencesAreNamed() {
        SecondaryDisk other = fixtureSecondary()
                .activeImage(DiskImage.qcow2(Path.of("/tmp/colo/other-active.qcow2")))
                .parentImage(DiskImage.raw(Path.of("/tmp/colo/parent.qcow2")))
                .build();
        assertThat(Fixtures.secondaryGraph().verifySecondary(other)).extracting(Problem::field)
                .containsExactly("parentId", "activeImage");
        assertThat(Fixtures.secondaryGraph().verifySecondary(other).get(1).message())
                .endsWith("reads /tmp/colo/active.qcow2, expected /tmp/colo/other-active.qcow2");
    }

    @Test
    void missingDrivesAreNamed() {
        SecondaryDisk disk1 = SecondaryDisk.builder(1).parentImage(DiskImage.qcow2(Path.of("/p")))
                .activeImage(DiskImage.qcow2(Path.of("/a"))).hiddenImage(DiskImage.qcow2(Path.of("/h"))).build();
        assertThat(Fixtures.secondaryGraph().verifySecondary(disk1)).extracting(Problem::toString).containsExactly(
                "quorumId: QEMU has no drive 'colo-disk1'",
                "replicationId: QEMU has no drive 'childs1'",
                "parentId: QEMU has no drive 'parent1'");
    }

    @Test
    void primaryGraphHasTheReplicationChildUnderItsRealName() {
        LiveBlockGraph live = Fixtures.primaryGraph();
        assertThat(live.verifyPrimary(fixturePrimary(), true)).isEmpty();
        assertThat(live.childName("colo-disk0", "replication0")).hasValue("children.1");
        assertThat(live.driverNode("colo-disk0")).get().extracting(LiveBlockGraph.Node::driver).isEqualTo("quorum");
        assertThat(live.children(live.driverNode("colo-disk0").orElseThrow())).extracting(LiveBlockGraph.Edge::name)
                .containsExactly("children.0", "children.1");
        assertThat(live.isNameUsed("replication0")).isTrue();
        assertThat(live.isNameUsed("replication1")).isFalse();
    }

    @Test
    void primaryGraphWithAReplicationChildIsNotTheStartGraph() {
        assertThat(Fixtures.primaryGraph().verifyPrimary(fixturePrimary(), false)).extracting(Problem::field)
                .containsExactly("replicationNodeName");
    }

    @Test
    void replicationNamesMustBeFreeOnThePrimary() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.1", 9999)
                .disk(fixturePrimary(), fixtureSecondary().build()).build();
        assertThat(Fixtures.primaryGraph().checkReplicationNamesFree(r)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("disks[0].primary.replicationNodeName");
            assertThat(p.message()).isEqualTo("'replication0' is already used in the primary QEMU by"
                    + " replication0(replication), attached to colo-disk0: a replication child is still there;"
                    + " run BlockPlans.primaryFailoverTeardown first");
        });
        BlockReplication other = r.toBuilder().build();
        assertThat(Fixtures.secondaryGraph().checkReplicationNamesFree(other)).isEmpty();
    }

    @Test
    void toStringIsATreePerDrive() {
        assertThat(Fixtures.secondaryGraph().toString()).contains(
                "\n  colo-disk0\n    root: #block724(quorum)\n      children.0: #block699(replication)\n"
                        + "        file: ")
                .contains("file: #block").contains("(file /tmp/colo/active.qcow2)");
    }
}
