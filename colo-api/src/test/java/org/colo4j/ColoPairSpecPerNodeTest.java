package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Settings that differ per host: each node's own machine part (binary, accelerator options, serial,
 * log), its own NIC backends, and the checks that keep the guest the same on both. Golden argv per node.
 */
class ColoPairSpecPerNodeTest {

    private static final Path DIR = Path.of("/var/lib/colo");

    @Test
    void twoHostsEachRenderTheirOwnMachineAndTap() {
        ColoPairSpec spec = TwoHostSpecs.spec().build();
        assertThat(spec.primaryArgv()).containsExactly(
                "qemu-system-x86_64", "-name", "vm-a", "-machine", "pc-i440fx-7.2,accel=kvm", "-m", "2048", "-smp", "2",
                "-nodefaults", "-display", "none", "-serial", "file:/var/log/colo/vm-a.serial",
                "-netdev", "tap,ifname=colo0,script=no,downscript=no,id=hn0",
                "-device", "rtl8139,id=colo-nic0,netdev=hn0",
                "-chardev", "socket,id=mirror0,host=192.0.2.10,port=9003,server=on,wait=off",
                "-chardev", "socket,id=compare1,host=192.0.2.10,port=9004,server=on,wait=off",
                "-chardev", "socket,id=compare0,host=127.0.0.1,port=9001,server=on,wait=off",
                "-chardev", "socket,id=compare0-0,host=127.0.0.1,port=9001",
                "-chardev", "socket,id=compare_out,host=127.0.0.1,port=9005,server=on,wait=off",
                "-chardev", "socket,id=compare_out0,host=127.0.0.1,port=9005",
                "-object", "filter-mirror,id=m0,netdev=hn0,queue=tx,outdev=mirror0",
                "-object", "filter-redirector,id=redire0,netdev=hn0,queue=rx,indev=compare_out",
                "-object", "filter-redirector,id=redire1,netdev=hn0,queue=rx,outdev=compare0",
                "-object", "iothread,id=iothread1",
                "-object", "colo-compare,id=comp0,primary_in=compare0-0,secondary_in=compare1,outdev=compare_out0,"
                        + "iothread=iothread1",
                "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,"
                        + "children.0.file.filename=/var/lib/colo/vm.qcow2,children.0.driver=qcow2",
                "-qmp", "unix:/run/colo/vm.qmp,server=on,wait=off",
                "-S");
        assertThat(spec.secondaryArgv()).containsExactly(
                "/opt/qemu/bin/qemu-system-x86_64", "-name", "vm-b", "-machine", "pc-i440fx-7.2",
                "-accel", "kvm,dirty-ring-size=4096", "-m", "2048", "-smp", "2", "-nodefaults", "-display", "none",
                "-serial", "file:/var/log/colo/vm-b.serial", "-D", "/var/log/colo/qemu-b.log", "-d", "guest_errors",
                "-netdev", "tap,ifname=tap7,script=no,downscript=no,id=hn0",
                "-device", "rtl8139,id=colo-nic0,netdev=hn0",
                "-chardev", "socket,id=red0,host=192.0.2.10,port=9003,reconnect=1",
                "-chardev", "socket,id=red1,host=192.0.2.10,port=9004,reconnect=1",
                "-object", "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0",
                "-object", "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1",
                "-object", "filter-rewriter,id=rew0,netdev=hn0,queue=all",
                "-drive", "if=none,id=parent0,file.filename=/var/lib/colo/vm.qcow2,driver=qcow2",
                "-drive", "if=none,id=childs0,driver=replication,mode=secondary,file.driver=qcow2,top-id=colo-disk0,"
                        + "file.file.filename=/var/lib/colo/active.qcow2,file.backing.driver=qcow2,"
                        + "file.backing.file.filename=/var/lib/colo/hidden.qcow2,file.backing.backing=parent0",
                "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0=childs0",
                "-qmp", "unix:/run/colo/vm.qmp,server=on,wait=off",
                "-incoming", "defer");
        assertThat(spec.machine(Role.PRIMARY).serial()).isEqualTo("file:/var/log/colo/vm-a.serial");
        assertThat(spec.machine(Role.SECONDARY).binary()).isEqualTo("/opt/qemu/bin/qemu-system-x86_64");
        assertThat(spec.machine()).isEqualTo(TwoHostSpecs.SHARED);
    }

    @Test
    void twoQemusOnOneHostForwardAPortFromOnlyOne() {
        ColoPairSpec spec = Specs.reference(DIR)
                .primary(Specs.primaryNode(DIR).nicBackend("hn0", "user,hostfwd=tcp:127.0.0.1:2222-:22").build()).build();
        assertThat(after(spec.primaryArgv(), "-netdev")).isEqualTo("user,hostfwd=tcp:127.0.0.1:2222-:22,id=hn0");
        assertThat(after(spec.secondaryArgv(), "-netdev")).isEqualTo("user,id=hn0");
    }

    @Test
    void aNodesOwnMachineWithoutChangesRendersLikeTheShared() {
        ColoPairSpec plain = Specs.reference(DIR).build();
        ColoPairSpec own = Specs.reference(DIR)
                .secondary(Specs.secondaryNode(DIR).machine(QemuCommandLine.defaults().toBuilder().build()).build()).build();
        assertThat(own.secondaryArgv()).isEqualTo(plain.secondaryArgv());
        assertThat(own.secondary()).isNotEqualTo(plain.secondary());
    }

    @Test
    void accelWithOptionsIsRenderedAsAccelOption() {
        QemuCommandLine m = QemuCommandLine.builder().accel("tcg,thread=single,tb-size=256").build();
        assertThat(m.accel()).isEqualTo("tcg");
        assertThat(m.accelOptions()).containsExactly(java.util.Map.entry("thread", "single"), java.util.Map.entry("tb-size", "256"));
        assertThat(m.render("vm")).containsSequence("-machine", "pc", "-accel", "tcg,thread=single,tb-size=256", "-m", "512");
        assertThat(m.toBuilder().build()).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(QemuCommandLine.builder().accel("tcg").build().render("vm")).containsSequence("-machine", "pc,accel=tcg");
    }

    @Test
    void badAccelOptionsAreNamed() {
        for (String bad : new String[] {"tcg,thread", "tcg,=single", "tcg,thread=", "tcg,thread=single,thread=multi", ",tcg"}) {
            ColoValidationException e = catchThrowableOfType(() -> QemuCommandLine.builder().accel(bad).build(),
                    ColoValidationException.class);
            assertThat(e).as(bad).isNotNull();
            assertThat(e.problems()).as(bad).extracting(ColoProblem::field).containsOnly("accel");
            assertThat(e.problems().get(0).message()).as(bad).contains("tcg,thread=single", "'" + bad + "'");
        }
    }

    @Test
    void serialLogAndExtraAreCheckedForLineBreaks() {
        ColoValidationException e = catchThrowableOfType(() -> QemuCommandLine.builder().serial("file:/a\nb")
                .logFile(Path.of("/a\nb")).logItems("guest errors").extra("-device", "a\nb").cpu(" ").build(),
                ColoValidationException.class);
        assertThat(e.problems()).extracting(ColoProblem::field)
                .containsExactly("cpu", "serial", "logFile", "logItems", "extra[1]");
    }

    @Test
    void machineDifferencesThatChangeTheGuestAreRefusedNamingTheNode() {
        QemuCommandLine other = QemuCommandLine.builder().machine("q35").memoryMiB(1024).cpus(2).cpu("host").build();
        ColoValidationException e = catchThrowableOfType(() -> Specs.reference(DIR)
                .secondary(Specs.secondaryNode(DIR).machine(other).build()).build(), ColoValidationException.class);
        assertThat(e.problems()).extracting(ColoProblem::field).containsExactly("secondary.machine.machine",
                "secondary.machine.memoryMiB", "secondary.machine.cpus", "secondary.machine.cpu");
        assertThat(e.problems().get(1).message()).contains("is 1024 but the primary's is 512", "same");

        ColoValidationException p = catchThrowableOfType(() -> Specs.reference(DIR)
                .primary(Specs.primaryNode(DIR).machine(QemuCommandLine.builder().memoryMiB(256).build()).build()).build(),
                ColoValidationException.class);
        assertThat(p.problems()).extracting(ColoProblem::field).containsExactly("primary.machine.memoryMiB");
    }

    @Test
    void aNodeBackendForAnUnknownNicOrWithVhostIsRefusedNamingTheNode() {
        ColoValidationException e = catchThrowableOfType(() -> Specs.reference(DIR)
                .primary(Specs.primaryNode(DIR).nicBackend("hn9", "user").build()).build(), ColoValidationException.class);
        assertThat(e.problems()).extracting(ColoProblem::field).containsExactly("primary.nicBackends.hn9");
        assertThat(e.problems().get(0).message()).contains("names no NIC of the spec", "[hn0]");

        ColoValidationException v = catchThrowableOfType(() -> Specs.secondaryNode(DIR)
                .nicBackend("hn0", "tap,ifname=t,vhost=on,queues=4").nicBackend("hn1", "tap,id=x").build(),
                ColoValidationException.class);
        assertThat(v.problems()).extracting(ColoProblem::field)
                .containsExactly("nicBackends.hn0", "nicBackends.hn0", "nicBackends.hn1");
        assertThat(v.problems()).extracting(ColoProblem::message).anySatisfy(m -> assertThat(m).contains("vhost"))
                .anySatisfy(m -> assertThat(m).contains("queues=4")).anySatisfy(m -> assertThat(m).contains("without id="));
    }

    @Test
    void perHostSettingsStayWithTheirHostWhenTheRolesSwap() {
        ColoPairSpec spec = TwoHostSpecs.spec().build();
        ColoDisk fresh = ColoDisk.builder().primaryImage(Path.of("/unused.qcow2")).secondaryImage(Path.of("/var/lib/colo/c.qcow2"))
                .activeImage(Path.of("/var/lib/colo/c-active.qcow2")).hiddenImage(Path.of("/var/lib/colo/c-hidden.qcow2"))
                .virtualSize(10L << 30).build();
        ColoNode hostC = ColoNode.builder().name("vm-c").address("192.0.2.30").qmp(QmpEndpoint.unix(TwoHostSpecs.QMP))
                .qmpConnect(QmpEndpoint.tcp("127.0.0.1", 14443)).build();
        ColoPairSpec next = spec.afterFailover(Role.SECONDARY, hostC, List.of(fresh));
        assertThat(next.primary()).isEqualTo(spec.secondary());
        assertThat(next.primaryArgv()).startsWith("/opt/qemu/bin/qemu-system-x86_64", "-name", "vm-b")
                .contains("tap,ifname=tap7,script=no,downscript=no,id=hn0", "file:/var/log/colo/vm-b.serial");
        assertThat(next.secondaryArgv()).startsWith("qemu-system-x86_64", "-name", "vm-c")
                .contains("tap,ifname=colo0,script=no,downscript=no,id=hn0").doesNotContain("-serial");
    }

    @Test
    void twoHostsMayListenOnTheSameSocketPathButNeedDistinctControllerEndpoints() {
        assertThat(TwoHostSpecs.spec().build().primary().qmp()).isEqualTo(TwoHostSpecs.spec().build().secondary().qmp());
        ColoValidationException e = catchThrowableOfType(() -> TwoHostSpecs.spec()
                .secondary(TwoHostSpecs.hostB().qmpConnect(QmpEndpoint.tcp("127.0.0.1", 14441)).build()).build(),
                ColoValidationException.class);
        assertThat(e.problems()).extracting(ColoProblem::field).containsExactly("secondary.qmpConnect");
        assertThat(e.problems().get(0).message()).contains("tcp:127.0.0.1:14441", "each QEMU needs its own");
    }

    @Test
    void nodeWithItsOwnSettingsRoundTripsThroughToBuilder() {
        ColoNode b = TwoHostSpecs.hostB().qemuVersion(org.colo4j.qmp.QemuVersion.of(10, 0, 13)).build();
        assertThat(b.toBuilder().build()).isEqualTo(b).hasSameHashCodeAs(b).hasToString(b.toString());
        assertThat(b.toString()).contains("QEMU 10.0.13", "nic backends {hn0=tap,ifname=tap7,script=no,downscript=no}",
                "machine: /opt/qemu/bin/qemu-system-x86_64");
        assertThat(b.toBuilder().nicBackend("hn0", null).build().nicBackends()).isEmpty();
        assertThat(List.of(TwoHostSpecs.hostB().machine(null).build(), TwoHostSpecs.hostB().nicBackend("hn0", "user").build(),
                TwoHostSpecs.hostB().qemuVersion(org.colo4j.qmp.QemuVersion.of(7, 2, 22)).build()))
                .allSatisfy(other -> assertThat(other).isNotEqualTo(TwoHostSpecs.hostB().build()));
    }

    private static String after(List<String> argv, String option) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                values.add(argv.get(i + 1));
            }
        }
        return values.get(0);
    }
}
