package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.colo4j.qmp.command.BlockInfo;
import org.colo4j.qmp.command.QueryBlock;
import org.colo4j.qmp.command.QueryStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Live: the NBD export and replication-child plans against two real QEMUs (no guest, paused),
 * then the failover teardown and a resync to a new secondary. Nothing writes to the quorum while it
 * has a replication child: before COLO runs such writes fail on that child.
 *
 * <p>Images are raw here (the active and hidden disks excepted), so the tests can write and compare
 * data without a guest: HMP {@code qemu-io} prints to QEMU's stdout, not into the QMP reply.
 */
class ReplicationChildIT {

    private static final long SIZE = 64L << 20;

    @TempDir
    Path dir;

    private final List<LiveQemu> started = new ArrayList<>();
    private BlockReplication replication;

    @BeforeEach
    void images() throws Exception {
        LiveQemu.requireQemu();
        rawImage(dir.resolve("primary.img"), (byte) 0);
        replication = BlockReplication.builder()
                .nbdServer("127.0.0.1", LiveQemu.freePort())
                .disk(PrimaryDisk.builder(0).image(DiskImage.raw(dir.resolve("primary.img"))),
                        SecondaryDisk.builder(0)
                                .parentImage(DiskImage.raw(dir.resolve("parent.img")))
                                .activeImage(DiskImage.qcow2(dir.resolve("active.qcow2")))
                                .hiddenImage(DiskImage.qcow2(dir.resolve("hidden.qcow2"))))
                .build();
    }

    @AfterEach
    void stopAll() {
        for (LiveQemu q : started) {
            q.close();
        }
    }

    private LiveQemu startPrimary() {
        return track(LiveQemu.start(dir, "primary", DriveArgvRenderer.primary(replication)));
    }

    /** A sparse raw image of {@link #SIZE} whose first 64 KiB are {@code fill}. */
    private static void rawImage(Path path, byte fill) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(SIZE);
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, fill);
            f.write(block);
        }
    }

    /**
     * A fresh secondary (new active/hidden disks) with its NBD export running; its parent is a copy
     * of the primary image, or a stale one (zeros) when {@code stale}.
     */
    private LiveQemu startSecondary(String name, boolean stale) throws Exception {
        SecondaryDisk s = replication.secondaryDisks().get(0);
        Files.deleteIfExists(s.parentImage().path());
        if (stale) {
            rawImage(s.parentImage().path(), (byte) 0);
        } else {
            Files.copy(dir.resolve("primary.img"), s.parentImage().path());
        }
        QemuImg.onPath().createActiveAndHidden(s, true);
        ImageInspection.verify(replication, QemuImg.onPath(), Side.PRIMARY, Side.SECONDARY);
        List<String> args = new ArrayList<>(DriveArgvRenderer.secondary(replication));
        args.addAll(List.of("-incoming", "defer"));
        LiveQemu secondary = track(LiveQemu.start(dir, name, args));
        List<BlockInfo> blocks = secondary.qmp().execute(new QueryBlock());
        BlockPlan export = BlockPlans.secondaryNbdExport(replication, secondary.qmp().greeting().version(), blocks);
        System.out.println(export);
        BlockPlanRunner.run(secondary.qmp(), export);
        return secondary;
    }

    private LiveQemu track(LiveQemu q) {
        started.add(q);
        return q;
    }

    private static List<String> quorumChildren(LiveQemu q) {
        LiveBlockGraph live = LiveBlockGraph.read(q.qmp());
        return live.children(live.driverNode("colo-disk0").orElseThrow()).stream().map(LiveBlockGraph.Edge::name).toList();
    }

    private void addReplicationChild(LiveQemu primary) {
        BlockPlan add = BlockPlans.primaryReplicationChildAdd(replication);
        System.out.println(add);
        BlockPlanRunner.run(primary.qmp(), add);
    }

    @Test
    void replicationChildJoinsTheQuorumOverNbd() throws Exception {
        startSecondary("secondary", false);
        LiveQemu primary = startPrimary();
        assertThat(quorumChildren(primary)).containsExactly("children.0");
        assertThat(LiveBlockGraph.read(primary.qmp()).checkReplicationNamesFree(replication)).isEmpty();

        addReplicationChild(primary);
        assertThat(LiveBlockGraph.read(primary.qmp()).checkReplicationNamesFree(replication)).hasSize(1);

        assertThat(quorumChildren(primary)).containsExactly("children.0", "children.1");
        LiveBlockGraph live = LiveBlockGraph.read(primary.qmp());
        assertThat(live.verifyPrimary(replication.primaryDisks().get(0), true)).isEmpty();
        assertThat(live.childName("colo-disk0", "replication0")).hasValue("children.1");
    }

    @Test
    void failoverTeardownRemovesTheChildByItsRealName() throws Exception {
        LiveQemu secondary = startSecondary("secondary", false);
        LiveQemu primary = startPrimary();
        addReplicationChild(primary);
        secondary.close(); // the secondary dies

        BlockPlan teardown = BlockPlans.primaryFailoverTeardown(replication, LiveBlockGraph.read(primary.qmp()));
        System.out.println(teardown);
        assertThat(teardown.jsonLines()).hasSize(2).first().asString().contains("\"child\":\"children.1\"");
        BlockPlanRunner.run(primary.qmp(), teardown);

        assertThat(quorumChildren(primary)).containsExactly("children.0");
        assertThat(LiveBlockGraph.read(primary.qmp()).verifyPrimary(replication.primaryDisks().get(0), false)).isEmpty();
        assertThat(BlockPlans.primaryFailoverTeardown(replication, LiveBlockGraph.read(primary.qmp())).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(MirrorMethod.class)
    void resyncCopiesThePrimaryToANewSecondaryThenReplicationResumes(MirrorMethod method) throws Exception {
        rawImage(dir.resolve("primary.img"), (byte) 0xab);
        LiveQemu primary = startPrimary();
        LiveQemu secondary = startSecondary("new-secondary", true);
        assertThat(LiveQemu.qemuImgCompare(dir.resolve("primary.img"), dir.resolve("parent.img")))
                .startsWith("1 ").contains("Content mismatch at offset 0");

        BlockPlan resync = BlockPlans.resync(replication, method);
        System.out.println(resync);
        BlockPlanRunner.run(primary.qmp(), resync);

        assertThat(primary.qmp().execute(new QueryStatus()).running()).isFalse(); // -S: prelaunch, and stopped
        assertThat(LiveBlockGraph.read(primary.qmp()).isNameUsed("resync-target0")).isFalse();
        addReplicationChild(primary);
        assertThat(quorumChildren(primary)).containsExactly("children.0", "children.1");

        secondary.close(); // a clean exit flushes the parent
        assertThat(LiveQemu.qemuImgCompare(dir.resolve("primary.img"), dir.resolve("parent.img")))
                .isEqualTo("0 Images are identical.");
    }
}
