package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.LoopbackPorts;
import org.colo4j.PreflightReport;
import org.colo4j.Role;
import org.colo4j.blockgraph.DiskImage;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.netfilter.ProxyObject;
import org.colo4j.netfilter.SocketChardev;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.BlockInfo;
import org.colo4j.qmp.command.ChardevInfo;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.MigrationInfo;
import org.colo4j.qmp.command.QueryBlock;
import org.colo4j.qmp.command.QueryChardev;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryMigrate;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fakes built from a spec hold what QEMU started with the spec's argv would hold. */
class FakeColoPairTest {

    @TempDir
    Path dir;

    /**
     * Not COLO-FT.txt's layout: other names, TCP QMP, a QEMU 8.2, two disks (custom ids, a raw primary
     * image, 1 GiB), two NICs from a port plan, other migration and NBD ports.
     */
    private ColoPairSpec unusualSpec() {
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("node-a").address("127.0.0.1")
                        .qmp(QmpEndpoint.tcp("127.0.0.1", LoopbackPorts.freePort())).build())
                .secondary(ColoNode.builder().name("node-b").address("127.0.0.2").migrationPort(7010).nbdPort(7011)
                        .qmp(QmpEndpoint.tcp("127.0.0.1", LoopbackPorts.freePort())).build())
                .disk(ColoDisk.builder().id("system").parentId("system-copy")
                        .primaryImage(DiskImage.raw(dir.resolve("a/system.raw")))
                        .secondaryImage(dir.resolve("b/system.qcow2")).activeImage(dir.resolve("b/system-active.qcow2"))
                        .hiddenImage(dir.resolve("b/system-hidden.qcow2")).virtualSize(1L << 30).build())
                .disk(ColoDisk.builder().primaryImage(dir.resolve("a/data.qcow2"))
                        .secondaryImage(dir.resolve("b/data.qcow2")).activeImage(dir.resolve("b/data-active.qcow2"))
                        .hiddenImage(dir.resolve("b/data-hidden.qcow2")).virtualSize(1L << 30).build())
                .nic(ColoNic.builder().netdev("lan").build())
                .nic(ColoNic.builder().netdev("san").build())
                .portPlan(PortPlan.of(7100, 10))
                .checkpointDelay(Duration.ofMillis(500))
                .qemuVersion(QemuVersion.of(8, 2, 2))
                .build();
    }

    @Test
    void nodesHoldWhatTheSpecsArgvWouldStart() {
        ColoPairSpec spec = unusualSpec();
        try (FakeColoPair fakes = FakeColoPair.start(spec);
             QmpClient p = QmpClient.connect(spec.primary().qmp());
             QmpClient s = QmpClient.connect(spec.secondary().qmp())) {
            assertThat(fakes.primary().name()).isEqualTo("node-a");
            assertThat(fakes.secondary().name()).isEqualTo("node-b");
            assertThat(fakes.primary().spec()).isSameAs(spec);
            assertThat(p.greeting().version()).isEqualTo(QemuVersion.of(8, 2, 2));
            assertThat(p.execute(new QueryStatus()).status()).isEqualTo(RunState.PRELAUNCH);
            assertThat(s.execute(new QueryStatus()).status()).isEqualTo(RunState.INMIGRATE);
            MigrationInfo incoming = s.execute(new QueryMigrate());
            assertThat(incoming.socketAddress()).as("-incoming defer: not listening yet").isNullOrEmpty();

            assertThat(s.execute(new QueryBlock())).extracting(BlockInfo::device).containsExactly(
                    "system-copy", "childs0", "system", "parent1", "childs1", "colo-disk1");
            assertThat(p.execute(new QueryBlock())).extracting(BlockInfo::device).containsExactly("system", "colo-disk1");
            String primaryGraph = p.execute("query-named-block-nodes", java.util.Map.of()).toString();
            assertThat(primaryGraph).contains(dir.resolve("a/system.raw").toString(), "\"drv\":\"raw\"",
                    dir.resolve("a/data.qcow2").toString(), "\"virtual-size\":" + (1L << 30));
            String secondaryGraph = s.execute("query-named-block-nodes", java.util.Map.of()).toString();
            for (String image : List.of("b/system.qcow2", "b/system-active.qcow2", "b/system-hidden.qcow2",
                    "b/data.qcow2", "b/data-active.qcow2", "b/data-hidden.qcow2")) {
                assertThat(secondaryGraph).contains(dir.resolve(image).toString());
            }

            assertThat(fakes.primary().chardevs()).containsExactlyElementsOf(
                    spec.proxy().primary().chardevs().stream().map(SocketChardev::id).toList());
            assertThat(fakes.secondary().chardevs()).containsExactlyElementsOf(
                    spec.proxy().secondary().chardevs().stream().map(SocketChardev::id).toList());
            assertThat(fakes.primary().objects()).containsExactlyElementsOf(
                    spec.proxy().primary().objects().stream().map(ProxyObject::id).toList());
            assertThat(fakes.secondary().objects()).containsExactlyElementsOf(
                    spec.proxy().secondary().objects().stream().map(ProxyObject::id).toList());
            List<ChardevInfo> live = s.execute(new QueryChardev());
            for (SocketChardev c : spec.proxy().secondary().chardevs()) {
                assertThat(live).filteredOn(i -> i.label().equals(c.id())).singleElement()
                        .satisfies(i -> assertThat(i.filename()).contains(c.host() + ":" + c.port()));
            }
        }
    }

    @Test
    void colo4jsPreflightAndStartAcceptThem() {
        ColoPairSpec spec = unusualSpec();
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            PreflightReport report = pair.preflight();
            assertThat(report.passed()).as("%s", report).isTrue();
            assertThat(report.checks()).extracting(PreflightReport.Check::name).contains("disk 0 sizes", "disk 1 sizes");

            assertThat(pair.start().status().isReplicating()).isTrue();
            assertThat(fakes.secondary().exports()).containsExactly("system-copy", "parent1");
            assertThat(fakes.primary().checkpointDelayMillis()).isEqualTo(500);
            assertThat(fakes.secondary().capability("x-colo")).as("set before the incoming migration (QEMU 8)").isTrue();
        }
    }

    @Test
    void startColoUsesTheSpecsAddressesPortsAndDelayWithoutShowingCommands() {
        ColoPairSpec spec = unusualSpec();
        try (FakeColoPair fakes = FakeColoPair.start(spec).startColo();
             QmpClient s = QmpClient.connect(spec.secondary().qmp())) {
            assertThat(fakes.primary().coloStatus().mode()).isEqualTo(ColoMode.PRIMARY);
            assertThat(s.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.SECONDARY);
            assertThat(s.execute(new QueryMigrate()).socketAddress()).singleElement()
                    .satisfies(a -> assertThat(a.toString()).contains("127.0.0.2", "7010"));
            assertThat(fakes.secondary().exports()).containsExactly("system-copy", "parent1");
            assertThat(fakes.primary().children("system")).containsValue("replication0");
            assertThat(fakes.primary().children("colo-disk1")).containsValue("replication1");
            assertThat(fakes.primary().checkpointDelayMillis()).isEqualTo(500);
            assertThat(fakes.primary().server().receivedNames()).isEmpty();
        }
    }

    @Test
    void theSpecsQemuVersionIsTheFakes() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir).toBuilder().qemuVersion(QemuVersion.of(10, 0, 2)).build();
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            assertThat(fakes.secondary().version()).isEqualTo(QemuVersion.of(10, 0, 2));
            assertThat(pair.preflight().failures()).extracting(PreflightReport.Check::name)
                    .as("colo4j refuses the releases on which COLO never starts").containsExactly("QEMU version", "QEMU version");
        }
    }

    @Test
    void aNodeOfAnotherVersionThanTheSpec() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.of(FakeColoNode.start(spec, Role.PRIMARY),
                FakeColoNode.builder(spec, Role.SECONDARY).version(QemuVersion.of(8, 2, 2)).manualFailover(true).build())) {
            assertThat(fakes.primary().version()).isEqualTo(QemuVersion.of(7, 2, 22));
            assertThat(fakes.secondary().version()).isEqualTo(QemuVersion.of(8, 2, 2));
            assertThat(fakes.primary().peer()).isSameAs(fakes.secondary());
        }
    }

    @Test
    void whatTheSpecDecidesCannotBeSetOnTheBuilder() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        assertThatThrownBy(() -> FakeColoNode.builder(spec, Role.SECONDARY).name("other").incoming("tcp:0.0.0.0:9998")
                .imageFolder("/srv").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name (the spec's node name)")
                .hasMessageContaining("incoming (defer, as the spec's secondaryArgv())")
                .hasMessageContaining("imageFolder (the spec's image paths)");
        assertThat(dir.resolve("secondary.qmp")).as("nothing was bound").doesNotExist();
    }

    @Test
    void ofTakesThePrimaryAndSecondaryOfOneSpec(@TempDir Path other) {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoNode p = FakeColoNode.start(spec, Role.PRIMARY);
             FakeColoNode s = FakeColoNode.start(FakeColoPair.loopbackSpec(other), Role.SECONDARY)) {
            assertThatThrownBy(() -> FakeColoPair.of(p, s)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("built from one spec");
            assertThatThrownBy(() -> FakeColoPair.of(s, p)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closeRemovesTheSocketFilesSoTheSpecCanBeStartedAgain() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        FakeColoPair.start(spec).close();
        assertThat(dir.resolve("primary.qmp")).doesNotExist();
        assertThat(dir.resolve("secondary.qmp")).doesNotExist();
        try (FakeColoPair again = FakeColoPair.start(spec)) {
            assertThat(Files.exists(dir.resolve("primary.qmp"))).isTrue();
        }
    }

    @Test
    void aBusyEndpointIsReportedWithTheAddress() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair first = FakeColoPair.start(spec)) {
            assertThatThrownBy(() -> FakeColoPair.start(spec)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(dir.resolve("primary.qmp") + " already exists");
            assertThat(first.primary().isAlive()).isTrue();
        }
    }

    @Test
    void nodeFindsTheFakeAtANodesEndpoint() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec)) {
            assertThat(fakes.node(spec.secondary())).isSameAs(fakes.secondary());
            assertThat(fakes.node(Role.PRIMARY)).isSameAs(fakes.primary());
            ColoNode stranger = spec.secondary().toBuilder().qmp(QmpEndpoint.unix(dir.resolve("x.qmp"))).build();
            assertThatThrownBy(() -> fakes.node(stranger)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("x.qmp");
        }
    }
}
