package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.command.XDbgBlockGraph;
import org.junit.jupiter.api.Test;

class BlockPlansTest {

    private static final QemuVersion QEMU_7_2 = QemuVersion.of(7, 2, 22);

    @Test
    void secondaryNbdExportUsesBlockExportAddWithTheParentsNodeName() {
        BlockPlan plan = BlockPlans.secondaryNbdExport(Specs.coloFt().build(), QEMU_7_2, Fixtures.secondaryQueryBlock());
        assertThat(plan.side()).isEqualTo(Side.SECONDARY);
        assertThat(plan.jsonLines()).containsExactly(
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"0.0.0.0\",\"port\":\"9999\"}}}}",
                "{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"parent0\",\"node-name\":\"#block148\",\"writable\":true,\"name\":\"parent0\"}}");
    }

    /**
     * 10.0.13 and 11.1.3 export as 7.2.22 does: {@code nbd-server-start} and {@code block-export-add}
     * take the same arguments in 7.2's and 10.2.2's {@code qapi/block-export.json}, where
     * {@code nbd-server-add} is still there but deprecated (since 5.2).
     */
    @Test
    void secondaryNbdExportIsTheSameOn7222And10013And1113() {
        List<String> golden = BlockPlans.secondaryNbdExport(Specs.coloFt().build(), QEMU_7_2, Fixtures.secondaryQueryBlock())
                .jsonLines();
        for (QemuVersion v : List.of(QemuVersion.of(10, 0, 13), QemuVersion.of(11, 1, 3))) {
            assertThat(BlockPlans.secondaryNbdExport(Specs.coloFt().build(), v, Fixtures.secondaryQueryBlock()).jsonLines())
                    .as("%s", v).isEqualTo(golden).anyMatch(j -> j.contains("\"block-export-add\""));
        }
    }

    /** QEMU before 5.2: COLO-FT.txt's nbd-server-add on the drive id. */
    @Test
    void secondaryNbdExportBefore52UsesNbdServerAdd() {
        BlockPlan plan = BlockPlans.secondaryNbdExport(Specs.coloFt().build(), QemuVersion.of(5, 1, 0), List.of());
        assertThat(plan.jsonLines()).containsExactly(
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"0.0.0.0\",\"port\":\"9999\"}}}}",
                "{\"execute\":\"nbd-server-add\",\"arguments\":{\"device\":\"parent0\",\"writable\":true}}");
    }

    @Test
    void secondaryNbdExportNeedsTheParentInQueryBlock() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0), Specs.secondary(0)).disk(Specs.primary(1), Specs.secondary(1)).build();
        assertThatThrownBy(() -> BlockPlans.secondaryNbdExport(r, QEMU_7_2, Fixtures.secondaryQueryBlock()))
                .isInstanceOf(BlockGraphException.class)
                .hasMessage("the secondary has no drive 'parent1' (query-block lists [parent0, childs0, colo-disk0]);"
                        + " start it with DriveArgvRenderer.secondary(...)'s arguments");
    }

    @Test
    void primaryReplicationChildAddIsBlockdevAddThenXBlockdevChange() {
        BlockPlan plan = BlockPlans.primaryReplicationChildAdd(Specs.coloFt().build());
        assertThat(plan.side()).isEqualTo(Side.PRIMARY);
        assertThat(plan.jsonLines()).containsExactly(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"replication\",\"mode\":\"primary\",\"node-name\":\"replication0\","
                        + "\"file\":{\"driver\":\"nbd\",\"server\":{\"type\":\"inet\",\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent0\"}}}",
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"node\":\"replication0\"}}");
    }

    @Test
    void primaryReplicationChildAddCoversEveryDisk() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary(0), Specs.secondary(0)).disk(Specs.primary(1), Specs.secondary(1)).build();
        assertThat(BlockPlans.primaryReplicationChildAdd(r).jsonLines()).hasSize(4)
                .element(3).isEqualTo("{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk1\",\"node\":\"replication1\"}}");
        assertThat(BlockPlans.primaryReplicationChildAdd(r).jsonLines().get(2)).contains("\"export\":\"parent1\"");
    }

    @Test
    void failoverTeardownRemovesTheChildByItsRealNameThenDeletesIt() {
        BlockPlan plan = BlockPlans.primaryFailoverTeardown(Specs.coloFt().build(), Fixtures.primaryGraph());
        assertThat(plan.jsonLines()).containsExactly(
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"child\":\"children.1\"}}",
                "{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"replication0\"}}");
    }

    @Test
    void failoverTeardownOnlyDeletesADetachedNodeAndSkipsAMissingOne() {
        XDbgBlockGraph full = Fixtures.primaryXdbg();
        XDbgBlockGraph detached = new XDbgBlockGraph(full.nodes(),
                full.edges().stream().filter(e -> !e.name().equals("children.1")).toList());
        BlockPlan plan = BlockPlans.primaryFailoverTeardown(Specs.coloFt().build(),
                LiveBlockGraph.of(detached, Fixtures.primaryNamedNodes()));
        assertThat(plan.jsonLines()).containsExactly("{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"replication0\"}}");

        XDbgBlockGraph gone = new XDbgBlockGraph(
                full.nodes().stream().filter(n -> !n.name().equals("replication0")).toList(), detached.edges());
        assertThat(BlockPlans.primaryFailoverTeardown(Specs.coloFt().build(),
                LiveBlockGraph.of(gone, Fixtures.primaryNamedNodes())).isEmpty()).isTrue();
    }

    @Test
    void resyncByDriveMirrorFollowsColoFt() {
        BlockPlan plan = BlockPlans.resync(Specs.coloFt().build(), MirrorMethod.DRIVE_MIRROR, Duration.ofMinutes(5));
        assertThat(plan.steps()).extracting(Object::toString).containsExactly(
                "{\"execute\":\"drive-mirror\",\"arguments\":{\"job-id\":\"resync-colo-disk0\",\"device\":\"colo-disk0\","
                        + "\"target\":\"nbd://127.0.0.2:9999/parent0\",\"format\":\"raw\",\"sync\":\"full\",\"mode\":\"existing\","
                        + "\"granularity\":1048576,\"buf-size\":67108864}}",
                "await BLOCK_JOB_READY device=resync-colo-disk0 (timeout PT5M)",
                "{\"execute\":\"stop\"}",
                "{\"execute\":\"block-job-cancel\",\"arguments\":{\"device\":\"resync-colo-disk0\"}}",
                "await BLOCK_JOB_COMPLETED device=resync-colo-disk0 (timeout PT1M)");
    }

    @Test
    void resyncByBlockdevMirrorAddsAndDeletesTheTargetNode() {
        BlockPlan plan = BlockPlans.resync(Specs.coloFt().build(), MirrorMethod.BLOCKDEV_MIRROR);
        assertThat(plan.jsonLines()).containsExactly(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"nbd\",\"node-name\":\"resync-target0\","
                        + "\"server\":{\"type\":\"inet\",\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent0\"}}",
                "{\"execute\":\"blockdev-mirror\",\"arguments\":{\"job-id\":\"resync-colo-disk0\",\"device\":\"colo-disk0\","
                        + "\"target\":\"resync-target0\",\"sync\":\"full\",\"granularity\":1048576,\"buf-size\":67108864}}",
                "{\"execute\":\"stop\"}",
                "{\"execute\":\"block-job-cancel\",\"arguments\":{\"device\":\"resync-colo-disk0\"}}",
                "{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"resync-target0\"}}");
        assertThat(plan.steps()).filteredOn(s -> s instanceof PlanStep.AwaitEvent).hasSize(2);
    }

    @Test
    void resyncOfSeveralDisksStopsOnceAfterEveryMirrorIsReady() {
        BlockReplication r = BlockReplication.builder().nbdServer("::1", 9999)
                .disk(Specs.primary(0), Specs.secondary(0)).disk(Specs.primary(1), Specs.secondary(1)).build();
        List<String> steps = BlockPlans.resync(r, MirrorMethod.DRIVE_MIRROR).steps().stream().map(Object::toString).toList();
        assertThat(steps.get(0)).contains("\"target\":\"nbd://[::1]:9999/parent0\"");
        assertThat(steps.get(1)).contains("\"device\":\"colo-disk1\"").contains("nbd://[::1]:9999/parent1");
        assertThat(steps.subList(2, 5)).containsExactly(
                "await BLOCK_JOB_READY device=resync-colo-disk0 (timeout PT30M)",
                "await BLOCK_JOB_READY device=resync-colo-disk1 (timeout PT30M)",
                "{\"execute\":\"stop\"}");
        assertThat(steps).hasSize(9);
    }

    @Test
    void planPrintsNumberedSteps() {
        assertThat(BlockPlans.primaryReplicationChildAdd(Specs.coloFt().build()).toString())
                .startsWith("primary replication child add (on the primary, 2 steps)\n  1. {\"execute\":\"blockdev-add\"")
                .contains("\n  2. {\"execute\":\"x-blockdev-change\"");
    }

    @Test
    void sameSpecSameJson() {
        assertThat(BlockPlans.resync(Specs.coloFt().build(), MirrorMethod.BLOCKDEV_MIRROR).jsonLines())
                .isEqualTo(BlockPlans.resync(Specs.coloFt().build(), MirrorMethod.BLOCKDEV_MIRROR).jsonLines());
    }

    @Test
    void blockdevMirrorRefusesATargetNameTheSpecUses() {
        BlockReplication r = BlockReplication.builder().nbdServer("127.0.0.2", 9999)
                .disk(Specs.primary().replicationNodeName("resync-target0")
                        .image(DiskImage.qcow2(Path.of("/p.qcow2"))), Specs.secondary()).build();
        assertThatThrownBy(() -> BlockPlans.resync(r, MirrorMethod.BLOCKDEV_MIRROR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'resync-target0' is taken");
    }
    @Test
    void nbdTlsPutsServerCredentialsOnTheServerAndClientCredentialsOnEveryClient() {
        BlockReplication r = Specs.coloFt().nbdTls("tls-srv", "tls-cli").build();
        assertThat(BlockPlans.secondaryNbdExport(r, QEMU_7_2, Fixtures.secondaryQueryBlock()).jsonLines().get(0)).isEqualTo(
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"0.0.0.0\","
                        + "\"port\":\"9999\"}},\"tls-creds\":\"tls-srv\"}}");
        assertThat(BlockPlans.primaryReplicationChildAdd(r).jsonLines().get(0)).isEqualTo(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"replication\",\"mode\":\"primary\","
                        + "\"node-name\":\"replication0\",\"file\":{\"driver\":\"nbd\",\"server\":{\"type\":\"inet\","
                        + "\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent0\",\"tls-creds\":\"tls-cli\"}}}");
        assertThat(BlockPlans.resync(r, MirrorMethod.BLOCKDEV_MIRROR).jsonLines().get(0)).isEqualTo(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"nbd\",\"node-name\":\"resync-target0\","
                        + "\"server\":{\"type\":\"inet\",\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent0\","
                        + "\"tls-creds\":\"tls-cli\"}}");
        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThat(r).isNotEqualTo(Specs.coloFt().build());
        assertThat(r.toString()).contains("TLS tls-srv/tls-cli");
    }

    @Test
    void driveMirrorCannotReachATlsServerAndSaysWhatToUse() {
        BlockReplication r = Specs.coloFt().nbdTls("tls-srv", "tls-cli").build();
        assertThatThrownBy(() -> BlockPlans.resync(r, MirrorMethod.DRIVE_MIRROR))
                .isInstanceOf(BlockGraphException.class).hasMessageContaining("MirrorMethod.BLOCKDEV_MIRROR");
    }

    @Test
    void nbdTlsNeedsBothWellFormedIds() {
        assertThatThrownBy(() -> Specs.coloFt().nbdTls("tls-srv", null).build())
                .isInstanceOfSatisfying(BlockGraphValidationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::field).containsExactly("nbdTls.clientCreds"));
        assertThatThrownBy(() -> Specs.coloFt().nbdTls("1srv", "tls-cli").build())
                .isInstanceOfSatisfying(BlockGraphValidationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::field).containsExactly("nbdTls.serverCreds"));
    }
}
