package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.command.BlockDeviceInfo;
import org.colo4j.qmp.command.QueryNamedBlockNodes;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live: a real secondary QEMU started with the rendered argv builds the graph the model describes. */
class SecondaryGraphIT {

    @TempDir
    Path dir;

    private LiveQemu secondary;

    @AfterEach
    void stop() {
        if (secondary != null) {
            secondary.close();
        }
    }

    /** Two disks; the second one's files sit in a folder whose name has a comma, to exercise ,, escaping. */
    private BlockReplication twoDisks(QemuImg qemuImg) throws Exception {
        Path commaDir = Files.createDirectories(dir.resolve("vm,1"));
        BlockReplication.Builder b = BlockReplication.builder().nbdServer("127.0.0.1", LiveQemu.freePort());
        for (int i = 0; i < 2; i++) {
            Path d = i == 0 ? dir : commaDir;
            qemuImg.create(d.resolve("primary" + i + ".qcow2"), ImageFormat.QCOW2, 64L << 20, false);
            SecondaryDisk s = SecondaryDisk.builder(i)
                    .parentImage(DiskImage.qcow2(d.resolve("parent" + i + ".qcow2")))
                    .activeImage(DiskImage.qcow2(d.resolve("active" + i + ".qcow2")))
                    .hiddenImage(DiskImage.qcow2(d.resolve("hidden" + i + ".qcow2")))
                    .build();
            Files.copy(d.resolve("primary" + i + ".qcow2"), s.parentImage().path());
            qemuImg.createActiveAndHidden(s, false);
            b.disk(PrimaryDisk.builder(i).image(DiskImage.qcow2(d.resolve("primary" + i + ".qcow2"))).build(), s);
        }
        return b.inspectImages(qemuImg, Side.PRIMARY, Side.SECONDARY).build();
    }

    @Test
    void qemuBuildsTheGraphTheModelDescribes() throws Exception {
        BlockReplication r = twoDisks(LiveQemu.qemuImg());
        List<String> args = new ArrayList<>(DriveArgvRenderer.secondary(r));
        args.addAll(List.of("-incoming", "defer"));
        secondary = LiveQemu.start(dir, "secondary", args);

        assertThat(secondary.qmp().execute(new QueryStatus()).status()).isEqualTo(RunState.INMIGRATE);
        LiveBlockGraph live = LiveBlockGraph.read(secondary.qmp());
        System.out.println(live);
        for (SecondaryDisk d : r.secondaryDisks()) {
            assertThat(live.verifySecondary(d)).as("graph of %s", d.quorumId()).isEmpty();
        }

        // The chain, spelled out for disk 1: quorum -> replication -> active -> hidden -> parent.
        SecondaryDisk d1 = r.secondaryDisks().get(1);
        LiveBlockGraph.Node quorum = live.driverNode("colo-disk1").orElseThrow();
        LiveBlockGraph.Node replication = live.child(quorum, "children.0").orElseThrow();
        LiveBlockGraph.Node active = live.child(replication, "file").orElseThrow();
        LiveBlockGraph.Node hidden = live.child(active, "backing").orElseThrow();
        LiveBlockGraph.Node parent = live.child(hidden, "backing").orElseThrow();
        assertThat(List.of(quorum, replication, active, hidden, parent)).extracting(LiveBlockGraph.Node::driver)
                .containsExactly("quorum", "replication", "qcow2", "qcow2", "qcow2");
        assertThat(replication).isEqualTo(live.driverNode("childs1").orElseThrow());
        assertThat(parent).isEqualTo(live.driverNode("parent1").orElseThrow());
        assertThat(live.child(active, "file").orElseThrow().filename()).isEqualTo(d1.activeImage().path().toString())
                .contains("vm,1");
        assertThat(live.child(hidden, "file").orElseThrow().filename()).isEqualTo(d1.hiddenImage().path().toString());
        assertThat(live.child(parent, "file").orElseThrow().filename()).isEqualTo(d1.parentImage().path().toString());

        // query-named-block-nodes: per disk a quorum, a replication, three qcow2 and three file nodes.
        List<BlockDeviceInfo> nodes = secondary.qmp().execute(QueryNamedBlockNodes.flatList());
        assertThat(nodes).extracting(BlockDeviceInfo::drv).containsExactlyInAnyOrder(
                "quorum", "replication", "qcow2", "qcow2", "qcow2", "file", "file", "file",
                "quorum", "replication", "qcow2", "qcow2", "qcow2", "file", "file", "file");

        // A model that differs from what QEMU built is caught: active and hidden swapped.
        SecondaryDisk swapped = d1.toBuilder().activeImage(d1.hiddenImage()).hiddenImage(d1.activeImage()).build();
        assertThat(live.verifySecondary(swapped)).extracting(Problem::field).containsExactly("activeImage", "hiddenImage");
    }
}
