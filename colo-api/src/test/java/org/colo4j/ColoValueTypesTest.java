package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.netfilter.ProxyPorts;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.NbdServerStop;
import org.junit.jupiter.api.Test;

/** toString, URIs, toBuilder round trips and equality of the spec's value types. */
class ColoValueTypesTest {

    private static final Path DIR = Path.of("/var/lib/colo");

    // ---- toString

    @Test
    void specToStringShowsNodesDisksNicsDelayVersionAndMachine() {
        assertThat(Specs.reference(DIR).build().toString().lines().toList()).containsExactly(
                "ColoPairSpec",
                "  primary:   primary@127.0.0.1 qmp=unix:/var/lib/colo/primary.qmp migration=9998 nbd=9999",
                "  secondary: secondary@127.0.0.2 qmp=unix:/var/lib/colo/secondary.qmp migration=9998 nbd=9999",
                "  disk:      ColoDisk[colo-disk0: primary qcow2 /var/lib/colo/primary.qcow2 (64 MiB);"
                        + " secondary parent qcow2 /var/lib/colo/secondary-parent.qcow2 (64 MiB),"
                        + " active qcow2 /var/lib/colo/secondary-active.qcow2 (64 MiB),"
                        + " hidden qcow2 /var/lib/colo/secondary-hidden.qcow2 (64 MiB)]",
                "  nic:       ColoNic[hn0: user, rtl8139]",
                "  checkpoint delay 2000 ms, QEMU 7.2.22, machine: qemu-system-x86_64 -name <name> -machine pc,accel=kvm"
                        + " -m 512 -smp 1 -nodefaults -display none");
    }

    @Test
    void specToStringListsWarnings() {
        ColoPairSpec spec = Specs.reference(DIR).primary(Specs.primaryNode(DIR).listenAddress("0.0.0.0").build()).build();
        assertThat(spec.warnings()).hasSize(2);
        assertThat(spec.toString().lines().filter(l -> l.startsWith("  warning:   nics[0].ports.")))
                .hasSize(spec.warnings().size());
    }

    @Test
    void nodeToStringShowsAddressQmpAndPorts() {
        assertThat(Specs.secondaryNode(DIR).migrationPort(7000).nbdPort(7001).build())
                .hasToString("secondary@127.0.0.2 qmp=unix:/var/lib/colo/secondary.qmp migration=7000 nbd=7001");
    }

    @Test
    void nodeToStringShowsAListenAddressOnlyWhenItDiffers() {
        assertThat(Specs.primaryNode(DIR).listenAddress("0.0.0.0").qmp(QmpEndpoint.tcp("127.0.0.1", 4444)).build())
                .hasToString("primary@127.0.0.1 (listens on 0.0.0.0) qmp=tcp:127.0.0.1:4444 migration=9998 nbd=9999");
        assertThat(Specs.primaryNode(DIR).listenAddress("127.0.0.1").build().toString()).doesNotContain("listens on");
    }

    @Test
    void diskToStringShowsIdImagesFormatsAndSizes() {
        assertThat(ColoDisk.builder().primaryImage(Path.of("/p.qcow2")).secondaryImage(Path.of("/s.qcow2"))
                .activeImage(Path.of("/a.qcow2")).hiddenImage(Path.of("/h.qcow2")).build())
                .hasToString("ColoDisk[colo-disk<i>: primary qcow2 /p.qcow2; secondary parent qcow2 /s.qcow2,"
                        + " active qcow2 /a.qcow2, hidden qcow2 /h.qcow2]");
    }

    @Test
    void nicToStringShowsBackendModelMacAndPorts() {
        assertThat(ColoNic.builder().netdev("hn1").backend("tap,ifname=tap1").model(NicModel.VIRTIO_NET_PCI)
                .mac("52:54:00:12:34:56").ports(new ProxyPorts(7003, 7004, 7001, 7005)).build())
                .hasToString("ColoNic[hn1: tap,ifname=tap1, virtio-net-pci, mac 52:54:00:12:34:56,"
                        + " ports mirror=7003 secondaryIn=7004 primaryIn=7001 compareOut=7005]");
    }

    @Test
    void planToStringShowsPhasesAndStepsWithNodeJsonAndPurpose() {
        String text = Specs.reference(DIR).build().plan().toString();
        assertThat(text).startsWith("== start: secondary\n[secondary] {\"execute\":\"migrate-set-capabilities\"")
                .contains("\n== start: primary\n[primary] {\"execute\":\"blockdev-add\"")
                .contains("[secondary] {\"execute\":\"nbd-server-stop\"}  # stop the NBD server")
                .contains("[primary] {\"execute\":\"object-del\",\"arguments\":{\"id\":\"comp0\"}}  # remove colo-compare comp0")
                .endsWith("[primary] {\"execute\":\"x-colo-lost-heartbeat\"}  # continue alone: leave COLO");
    }

    @Test
    void commandStepToStringIsNodeJsonAndPurpose() {
        assertThat(ColoStep.execute(Role.SECONDARY, "stop the NBD server", new NbdServerStop()))
                .hasToString("[secondary] {\"execute\":\"nbd-server-stop\"}  # stop the NBD server");
    }

    @Test
    void awaitStepToStringNamesTheEventDeviceAndTimeout() {
        ColoStep step = ColoStep.await(Role.PRIMARY, "wait for the mirror", "BLOCK_JOB_READY", "resync-colo-disk0",
                Duration.ofMinutes(30));
        assertThat(step).hasToString("[primary] await BLOCK_JOB_READY device=resync-colo-disk0 (PT30M)  # wait for the mirror");
        assertThat(step.command()).isNull();
    }

    @Test
    void stepIsEitherACommandOrAWait() {
        assertThatThrownBy(() -> new ColoStep(Role.PRIMARY, "both", new NbdServerStop(), "RESUME", null, Duration.ofSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("either sends a command or awaits an event");
        assertThatThrownBy(() -> new ColoStep(Role.PRIMARY, "neither", null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void problemToStringIsFieldColonMessage() {
        assertThat(new ColoProblem("nics[0].vhost", "use vhost=off")).hasToString("nics[0].vhost: use vhost=off");
    }

    @Test
    void validationMessageListsOneProblemPerLine() {
        ColoValidationException e = new ColoValidationException("ColoNode x",
                List.of(new ColoProblem("name", "bad"), new ColoProblem("qmp", "missing")));
        assertThat(e).hasMessage("ColoNode x is invalid (2 problems):\n  - name: bad\n  - qmp: missing");
        assertThat(new ColoValidationException("ColoNic", List.of(new ColoProblem("mac", "bad"))))
                .hasMessage("ColoNic is invalid (1 problem):\n  - mac: bad");
    }

    @Test
    void roleToStringIsLowerCaseAndOtherSwaps() {
        assertThat(Role.PRIMARY).hasToString("primary");
        assertThat(Role.SECONDARY).hasToString("secondary");
        assertThat(Role.PRIMARY.other()).isEqualTo(Role.SECONDARY);
        assertThat(Role.SECONDARY.other()).isEqualTo(Role.PRIMARY);
    }

    // ---- URIs

    @Test
    void migrationUriIsTheAddressAndIncomingUriTheListenAddress() {
        ColoNode node = Specs.secondaryNode(DIR).listenAddress("0.0.0.0").build();
        assertThat(node.migrationUri()).isEqualTo("tcp:127.0.0.2:9998");
        assertThat(node.incomingUri()).isEqualTo("tcp:0.0.0.0:9998");
    }

    @Test
    void incomingUriDefaultsToTheAddress() {
        assertThat(Specs.secondaryNode(DIR).migrationPort(7000).build().incomingUri()).isEqualTo("tcp:127.0.0.2:7000");
    }

    @Test
    void ipv6AddressesAreBracketedInUris() {
        ColoNode node = Specs.secondaryNode(DIR).address("fd00::2").listenAddress("::").build();
        assertThat(node.migrationUri()).isEqualTo("tcp:[fd00::2]:9998");
        assertThat(node.incomingUri()).isEqualTo("tcp:[::]:9998");
    }

    @Test
    void hostNamesAreNotBracketed() {
        assertThat(Specs.secondaryNode(DIR).address("colo-b.example.org").build().migrationUri())
                .isEqualTo("tcp:colo-b.example.org:9998");
    }

    @Test
    void nodeByRoleIsThePrimaryOrSecondary() {
        ColoPairSpec spec = Specs.reference(DIR).build();
        assertThat(spec.node(Role.PRIMARY)).isSameAs(spec.primary());
        assertThat(spec.node(Role.SECONDARY)).isSameAs(spec.secondary());
    }

    // ---- toBuilder round trips

    @Test
    void specToBuilderBuildRendersTheSameArgvPlanAndText() {
        ColoPairSpec spec = Specs.reference(DIR).build();
        ColoPairSpec copy = spec.toBuilder().build();
        assertThat(copy.primaryArgv()).isEqualTo(spec.primaryArgv());
        assertThat(copy.secondaryArgv()).isEqualTo(spec.secondaryArgv());
        assertThat(copy.plan()).isEqualTo(spec.plan());
        assertThat(copy).hasToString(spec.toString());
    }

    @Test
    void specToBuilderKeepsEveryNonDefaultSetting() {
        ColoPairSpec spec = Specs.reference(DIR)
                .disk(Specs.disk(DIR, "d1-").id("vdb").parentId("base1").build())
                .nic(ColoNic.builder().netdev("hn1").model(NicModel.VIRTIO_NET_PCI).mac("52:54:00:00:00:01").build())
                .checkpointDelay(Duration.ofMillis(750))
                .machine(QemuCommandLine.builder().machine("q35").cpu("host").extra("-device", "usb-tablet").build())
                .qemuVersion(QemuVersion.of(9, 2, 0))
                .portPlan(PortPlan.of(8001, 5))
                .tls(ColoTls.builder().dir(Path.of("/etc/colo/pki")).node("secondary", Path.of("/srv/pki")).build())
                .build();
        ColoPairSpec copy = spec.toBuilder().build();
        assertThat(copy.primaryArgv()).isEqualTo(spec.primaryArgv());
        assertThat(copy.secondaryArgv()).isEqualTo(spec.secondaryArgv());
        assertThat(copy.plan()).isEqualTo(spec.plan());
        assertThat(copy.primaryArgv()).anyMatch(a -> a.contains("tls-creds=colo-tls-server"))
                .anyMatch(a -> a.contains("port=8003"));
        assertThat(copy.secondaryArgv()).anyMatch(a -> a.contains("reconnect-ms=1000"));
    }

    @Test
    void changingTheBuilderOfACopyLeavesTheOriginalAlone() {
        ColoPairSpec spec = Specs.reference(DIR).build();
        List<String> before = spec.primaryArgv();
        ColoPairSpec.Builder b = spec.toBuilder().nic(ColoNic.builder().netdev("hn1").build());
        assertThat(b.build().nics()).hasSize(2);
        assertThat(spec.nics()).hasSize(1);
        assertThat(spec.primaryArgv()).isEqualTo(before);
    }

    @Test
    void swappingTheNodesAfterAFailoverRendersTheFormerSecondaryAsPrimary() {
        ColoPairSpec spec = Specs.reference(DIR).build();
        ColoPairSpec swapped = spec.toBuilder().primary(spec.secondary()).secondary(spec.primary()).build();
        assertThat(swapped.primaryArgv()).containsSequence("-name", "secondary")
                .contains("socket,id=mirror0,host=127.0.0.2,port=9003,server=on,wait=off");
        assertThat(swapped.secondaryArgv()).containsSequence("-name", "primary")
                .contains("socket,id=red0,host=127.0.0.2,port=9003,reconnect=1");
        assertThat(swapped.plan().phase("start: primary").orElseThrow().steps()).last()
                .extracting(ColoStep::describe).isEqualTo("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.1:9998\"}}");
    }

    @Test
    void specListsAreImmutable() {
        ColoPairSpec spec = Specs.reference(DIR).build();
        assertThatThrownBy(() -> spec.disks().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.nics().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.warnings().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nodeToBuilderBuildIsEqual() {
        ColoNode node = Specs.secondaryNode(DIR).listenAddress("0.0.0.0").migrationPort(7000).nbdPort(7001).build();
        ColoNode copy = node.toBuilder().build();
        assertThat(copy).isEqualTo(node).hasSameHashCodeAs(node).hasToString(node.toString());
    }

    @Test
    void nodeToBuilderWithANewAddressListensOnTheNewAddress() {
        ColoNode replacement = Specs.secondaryNode(DIR).build().toBuilder().address("127.0.0.3").build();
        assertThat(replacement.listenAddress()).isEqualTo("127.0.0.3");
        assertThat(replacement.incomingUri()).isEqualTo("tcp:127.0.0.3:9998");
    }

    @Test
    void nodeToBuilderKeepsAnExplicitListenAddress() {
        ColoNode replacement = Specs.secondaryNode(DIR).listenAddress("0.0.0.0").build().toBuilder().address("127.0.0.3")
                .build();
        assertThat(replacement.listenAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void qemuCommandLineToBuilderRendersTheSame() {
        QemuCommandLine machine = QemuCommandLine.builder().binary("/usr/bin/qemu-system-x86_64").machine("q35")
                .accel("tcg").memoryMiB(256).cpus(4).cpu("max").headless(false).extra("-device", "usb-tablet").build();
        assertThat(machine.toBuilder().build().render("vm")).isEqualTo(machine.render("vm"));
        assertThat(machine).hasToString("/usr/bin/qemu-system-x86_64 -name <name> -machine q35,accel=tcg -m 256 -smp 4"
                + " -cpu max -device usb-tablet");
    }

    @Test
    void qemuCommandLineNamesEveryBadOption() {
        assertThatThrownBy(() -> QemuCommandLine.builder()
                .binary(" ").machine("pc,accel=tcg").accel("KVM").memoryMiB(8).cpus(0).build())
                .isInstanceOf(org.colo4j.qmp.Colo4jException.class)
                .isInstanceOfSatisfying(ColoValidationException.class, e -> {
                    assertThat(e.problems()).extracting(ColoProblem::field)
                            .containsExactly("binary", "machine", "accel", "memoryMiB", "cpus");
                    assertThat(e).hasMessageContaining("binary: must name the QEMU binary")
                            .hasMessageContaining("machine: must be a machine type such as pc or q35 (no options")
                            .hasMessageContaining("accel: must start with the accelerator's name in lower case: give kvm or tcg")
                            .hasMessageContaining("memoryMiB: must be at least 16, got 8")
                            .hasMessageContaining("cpus: must be at least 1, got 0");
                });
    }

    // ---- ColoNode equality

    @Test
    void nodesWithTheSameValuesAreEqualWithEqualHashCodes() {
        ColoNode a = Specs.primaryNode(DIR).build();
        ColoNode b = Specs.primaryNode(DIR).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(b).isEqualTo(a);
        assertThat(a).isEqualTo(a);
    }

    @Test
    void defaultedListenAddressEqualsTheSameAddressGivenExplicitly() {
        ColoNode defaulted = Specs.primaryNode(DIR).build();
        ColoNode explicit = Specs.primaryNode(DIR).listenAddress("127.0.0.1").build();
        assertThat(explicit).isEqualTo(defaulted).hasSameHashCodeAs(defaulted);
    }

    @Test
    void nodesDifferingInAnyFieldAreNotEqual() {
        ColoNode base = Specs.primaryNode(DIR).build();
        assertThat(List.of(
                Specs.primaryNode(DIR).name("primary2").build(),
                Specs.primaryNode(DIR).address("127.0.0.9").listenAddress("127.0.0.1").build(),
                Specs.primaryNode(DIR).listenAddress("0.0.0.0").build(),
                Specs.primaryNode(DIR).qmp(QmpEndpoint.unix(DIR.resolve("other.qmp"))).build(),
                Specs.primaryNode(DIR).migrationPort(7000).build(),
                Specs.primaryNode(DIR).nbdPort(7001).build()))
                .allSatisfy(other -> assertThat(other).isNotEqualTo(base));
    }

    @Test
    void nodeIsNotEqualToNullOrAnotherType() {
        ColoNode node = Specs.primaryNode(DIR).build();
        assertThat(node).isNotEqualTo(null).isNotEqualTo(node.toString());
    }
}
