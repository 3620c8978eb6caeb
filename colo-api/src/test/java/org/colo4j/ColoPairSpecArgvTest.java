package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.netfilter.NicModel;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of both nodes' argv, against COLO-FT.txt's "Startup qemu" command lines with these
 * deliberate differences: the machine part comes from {@link QemuCommandLine} (not {@code -enable-kvm
 * -cpu qemu64,kvmclock=on -m 512 -smp 1 -qmp stdio -device piix3-usb-uhci -device usb-tablet}),
 * {@code -netdev user} instead of tap, the primary's cross-host chardevs listen on the node's address
 * instead of 0.0.0.0, compare1 has {@code wait=off}, QMP is a unix socket, the NIC device is called
 * {@code colo-nic0} (COLO-FT.txt: {@code e0}) and the secondary waits with {@code -incoming defer}
 * (COLO-FT.txt: {@code -incoming tcp:0.0.0.0:9998}).
 */
class ColoPairSpecArgvTest {

    private static final Path DIR = Path.of("/var/lib/colo");

    private static final List<String> MACHINE = List.of("-machine", "pc,accel=kvm", "-m", "512", "-smp", "1",
            "-nodefaults", "-display", "none");

    /** COLO-FT.txt step 1, as colo4j renders it for the reference spec. */
    private static final List<String> REFERENCE_PRIMARY = concat(
            List.of("qemu-system-x86_64", "-name", "primary"), MACHINE,
            List.of(
                    "-netdev", "user,id=hn0",
                    "-device", "rtl8139,id=colo-nic0,netdev=hn0",
                    "-chardev", "socket,id=mirror0,host=127.0.0.1,port=9003,server=on,wait=off",
                    "-chardev", "socket,id=compare1,host=127.0.0.1,port=9004,server=on,wait=off",
                    "-chardev", "socket,id=compare0,host=127.0.0.1,port=9001,server=on,wait=off",
                    "-chardev", "socket,id=compare0-0,host=127.0.0.1,port=9001",
                    "-chardev", "socket,id=compare_out,host=127.0.0.1,port=9005,server=on,wait=off",
                    "-chardev", "socket,id=compare_out0,host=127.0.0.1,port=9005",
                    "-object", "filter-mirror,id=m0,netdev=hn0,queue=tx,outdev=mirror0",
                    "-object", "filter-redirector,id=redire0,netdev=hn0,queue=rx,indev=compare_out",
                    "-object", "filter-redirector,id=redire1,netdev=hn0,queue=rx,outdev=compare0",
                    "-object", "iothread,id=iothread1",
                    "-object", "colo-compare,id=comp0,primary_in=compare0-0,secondary_in=compare1,"
                            + "outdev=compare_out0,iothread=iothread1",
                    "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,"
                            + "children.0.file.filename=/var/lib/colo/primary.qcow2,children.0.driver=qcow2",
                    "-qmp", "unix:/var/lib/colo/primary.qmp,server=on,wait=off",
                    "-S"));

    /** COLO-FT.txt step 2, as colo4j renders it for the reference spec. */
    private static final List<String> REFERENCE_SECONDARY = concat(
            List.of("qemu-system-x86_64", "-name", "secondary"), MACHINE,
            List.of(
                    "-netdev", "user,id=hn0",
                    "-device", "rtl8139,id=colo-nic0,netdev=hn0",
                    "-chardev", "socket,id=red0,host=127.0.0.1,port=9003,reconnect=1",
                    "-chardev", "socket,id=red1,host=127.0.0.1,port=9004,reconnect=1",
                    "-object", "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0",
                    "-object", "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1",
                    "-object", "filter-rewriter,id=rew0,netdev=hn0,queue=all",
                    "-drive", "if=none,id=parent0,file.filename=/var/lib/colo/secondary-parent.qcow2,driver=qcow2",
                    "-drive", "if=none,id=childs0,driver=replication,mode=secondary,file.driver=qcow2,"
                            + "top-id=colo-disk0,file.file.filename=/var/lib/colo/secondary-active.qcow2,"
                            + "file.backing.driver=qcow2,file.backing.file.filename=/var/lib/colo/secondary-hidden.qcow2,"
                            + "file.backing.backing=parent0",
                    "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0=childs0",
                    "-qmp", "unix:/var/lib/colo/secondary.qmp,server=on,wait=off",
                    "-incoming", "defer"));

    @Test
    void referencePrimaryArgvIsColoFtStepOne() {
        assertThat(Specs.reference(DIR).build().primaryArgv()).containsExactlyElementsOf(REFERENCE_PRIMARY);
    }

    @Test
    void referenceSecondaryArgvIsColoFtStepTwo() {
        assertThat(Specs.reference(DIR).build().secondaryArgv()).containsExactlyElementsOf(REFERENCE_SECONDARY);
    }

    @Test
    void argvByRoleIsTheNodesArgv() {
        ColoPairSpec spec = Specs.reference(DIR).build();
        assertThat(spec.argv(Role.PRIMARY)).isEqualTo(spec.primaryArgv());
        assertThat(spec.argv(Role.SECONDARY)).isEqualTo(spec.secondaryArgv());
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(Specs.reference(DIR).build().primaryArgv()).isEqualTo(Specs.reference(DIR).build().primaryArgv());
        assertThat(Specs.reference(DIR).build().secondaryArgv()).isEqualTo(Specs.reference(DIR).build().secondaryArgv());
    }

    @Test
    void argvIsImmutable() {
        List<String> argv = Specs.reference(DIR).build().primaryArgv();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> argv.add("-snapshot"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void commaInQmpSocketPathIsEscapedAsDoubleComma() {
        ColoPairSpec spec = Specs.reference(DIR)
                .primary(Specs.primaryNode(DIR).qmp(QmpEndpoint.unix(Path.of("/run/colo,a/primary.qmp"))).build())
                .secondary(Specs.secondaryNode(DIR).qmp(QmpEndpoint.unix(Path.of("/run/colo,b/sec,ondary.qmp"))).build())
                .build();
        assertThat(after(spec.primaryArgv(), "-qmp")).isEqualTo("unix:/run/colo,,a/primary.qmp,server=on,wait=off");
        assertThat(after(spec.secondaryArgv(), "-qmp")).isEqualTo("unix:/run/colo,,b/sec,,ondary.qmp,server=on,wait=off");
    }

    @Test
    void commaInImagePathIsEscapedAsDoubleComma() {
        ColoPairSpec spec = Specs.nodesOnly(DIR).nic(ColoNic.builder().netdev("hn0").build())
                .disk(Specs.disk(Path.of("/var/lib/colo,x"), "").build()).build();
        assertThat(after(spec.primaryArgv(), "-drive")).contains("children.0.file.filename=/var/lib/colo,,x/primary.qcow2,");
        assertThat(spec.secondaryArgv()).contains(
                "if=none,id=parent0,file.filename=/var/lib/colo,,x/secondary-parent.qcow2,driver=qcow2");
    }

    @Test
    void tcpQmpEndpointIsRenderedAsTcpChardev() {
        ColoPairSpec spec = Specs.reference(DIR)
                .primary(Specs.primaryNode(DIR).qmp(QmpEndpoint.tcp("127.0.0.1", 4444)).build())
                .secondary(Specs.secondaryNode(DIR).qmp(QmpEndpoint.tcp("127.0.0.1", 4445)).build())
                .build();
        assertThat(after(spec.primaryArgv(), "-qmp")).isEqualTo("tcp:127.0.0.1:4444,server=on,wait=off");
        assertThat(after(spec.secondaryArgv(), "-qmp")).isEqualTo("tcp:127.0.0.1:4445,server=on,wait=off");
    }

    @Test
    void twoDisksAndTwoNicsGetIndexedNamesAndTheirOwnPorts() {
        ColoPairSpec spec = Specs.reference(DIR)
                .disk(Specs.disk(DIR, "d1-").build())
                .nic(ColoNic.builder().netdev("hn1").build())
                .build();

        assertThat(spec.primaryArgv()).containsExactlyElementsOf(concat(
                List.of("qemu-system-x86_64", "-name", "primary"), MACHINE,
                List.of(
                        "-netdev", "user,id=hn0",
                        "-device", "rtl8139,id=colo-nic0,netdev=hn0",
                        "-netdev", "user,id=hn1",
                        "-device", "rtl8139,id=colo-nic1,netdev=hn1",
                        "-chardev", "socket,id=mirror0,host=127.0.0.1,port=9003,server=on,wait=off",
                        "-chardev", "socket,id=compare1,host=127.0.0.1,port=9004,server=on,wait=off",
                        "-chardev", "socket,id=compare0,host=127.0.0.1,port=9001,server=on,wait=off",
                        "-chardev", "socket,id=compare0-0,host=127.0.0.1,port=9001",
                        "-chardev", "socket,id=compare_out,host=127.0.0.1,port=9005,server=on,wait=off",
                        "-chardev", "socket,id=compare_out0,host=127.0.0.1,port=9005",
                        "-chardev", "socket,id=nic1-mirror0,host=127.0.0.1,port=9013,server=on,wait=off",
                        "-chardev", "socket,id=nic1-compare1,host=127.0.0.1,port=9014,server=on,wait=off",
                        "-chardev", "socket,id=nic1-compare0,host=127.0.0.1,port=9011,server=on,wait=off",
                        "-chardev", "socket,id=nic1-compare0-0,host=127.0.0.1,port=9011",
                        "-chardev", "socket,id=nic1-compare_out,host=127.0.0.1,port=9015,server=on,wait=off",
                        "-chardev", "socket,id=nic1-compare_out0,host=127.0.0.1,port=9015",
                        "-object", "filter-mirror,id=m0,netdev=hn0,queue=tx,outdev=mirror0",
                        "-object", "filter-redirector,id=redire0,netdev=hn0,queue=rx,indev=compare_out",
                        "-object", "filter-redirector,id=redire1,netdev=hn0,queue=rx,outdev=compare0",
                        "-object", "iothread,id=iothread1",
                        "-object", "colo-compare,id=comp0,primary_in=compare0-0,secondary_in=compare1,"
                                + "outdev=compare_out0,iothread=iothread1",
                        "-object", "filter-mirror,id=nic1-m0,netdev=hn1,queue=tx,outdev=nic1-mirror0",
                        "-object", "filter-redirector,id=nic1-redire0,netdev=hn1,queue=rx,indev=nic1-compare_out",
                        "-object", "filter-redirector,id=nic1-redire1,netdev=hn1,queue=rx,outdev=nic1-compare0",
                        "-object", "iothread,id=nic1-iothread1",
                        "-object", "colo-compare,id=nic1-comp0,primary_in=nic1-compare0-0,secondary_in=nic1-compare1,"
                                + "outdev=nic1-compare_out0,iothread=nic1-iothread1",
                        "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,"
                                + "children.0.file.filename=/var/lib/colo/primary.qcow2,children.0.driver=qcow2",
                        "-drive", "if=ide,id=colo-disk1,driver=quorum,read-pattern=fifo,vote-threshold=1,"
                                + "children.0.file.filename=/var/lib/colo/d1-primary.qcow2,children.0.driver=qcow2",
                        "-qmp", "unix:/var/lib/colo/primary.qmp,server=on,wait=off",
                        "-S")));

        assertThat(spec.secondaryArgv()).containsExactlyElementsOf(concat(
                List.of("qemu-system-x86_64", "-name", "secondary"), MACHINE,
                List.of(
                        "-netdev", "user,id=hn0",
                        "-device", "rtl8139,id=colo-nic0,netdev=hn0",
                        "-netdev", "user,id=hn1",
                        "-device", "rtl8139,id=colo-nic1,netdev=hn1",
                        "-chardev", "socket,id=red0,host=127.0.0.1,port=9003,reconnect=1",
                        "-chardev", "socket,id=red1,host=127.0.0.1,port=9004,reconnect=1",
                        "-chardev", "socket,id=nic1-red0,host=127.0.0.1,port=9013,reconnect=1",
                        "-chardev", "socket,id=nic1-red1,host=127.0.0.1,port=9014,reconnect=1",
                        "-object", "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0",
                        "-object", "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1",
                        "-object", "filter-rewriter,id=rew0,netdev=hn0,queue=all",
                        "-object", "filter-redirector,id=nic1-f1,netdev=hn1,queue=tx,indev=nic1-red0",
                        "-object", "filter-redirector,id=nic1-f2,netdev=hn1,queue=rx,outdev=nic1-red1",
                        "-object", "filter-rewriter,id=nic1-rew0,netdev=hn1,queue=all",
                        "-drive", "if=none,id=parent0,file.filename=/var/lib/colo/secondary-parent.qcow2,driver=qcow2",
                        "-drive", "if=none,id=childs0,driver=replication,mode=secondary,file.driver=qcow2,"
                                + "top-id=colo-disk0,file.file.filename=/var/lib/colo/secondary-active.qcow2,"
                                + "file.backing.driver=qcow2,file.backing.file.filename=/var/lib/colo/secondary-hidden.qcow2,"
                                + "file.backing.backing=parent0",
                        "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0=childs0",
                        "-drive", "if=none,id=parent1,file.filename=/var/lib/colo/d1-secondary-parent.qcow2,driver=qcow2",
                        "-drive", "if=none,id=childs1,driver=replication,mode=secondary,file.driver=qcow2,"
                                + "top-id=colo-disk1,file.file.filename=/var/lib/colo/d1-secondary-active.qcow2,"
                                + "file.backing.driver=qcow2,file.backing.file.filename=/var/lib/colo/d1-secondary-hidden.qcow2,"
                                + "file.backing.backing=parent1",
                        "-drive", "if=ide,id=colo-disk1,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0=childs1",
                        "-qmp", "unix:/var/lib/colo/secondary.qmp,server=on,wait=off",
                        "-incoming", "defer")));
    }

    @Test
    void virtioNetNicGetsVnetHdrSupportOnEveryFilterAndCompare() {
        ColoPairSpec spec = Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .nic(ColoNic.builder().netdev("hn0").model(NicModel.VIRTIO_NET_PCI).build()).build();

        assertThat(objects(spec.primaryArgv())).containsExactly(
                "filter-mirror,id=m0,netdev=hn0,queue=tx,outdev=mirror0,vnet_hdr_support=on",
                "filter-redirector,id=redire0,netdev=hn0,queue=rx,indev=compare_out,vnet_hdr_support=on",
                "filter-redirector,id=redire1,netdev=hn0,queue=rx,outdev=compare0,vnet_hdr_support=on",
                "iothread,id=iothread1",
                "colo-compare,id=comp0,primary_in=compare0-0,secondary_in=compare1,outdev=compare_out0,"
                        + "iothread=iothread1,vnet_hdr_support=on");
        assertThat(objects(spec.secondaryArgv())).containsExactly(
                "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0,vnet_hdr_support=on",
                "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1,vnet_hdr_support=on",
                "filter-rewriter,id=rew0,netdev=hn0,queue=all,vnet_hdr_support=on");
        assertThat(spec.primaryArgv()).containsSequence("-device", "virtio-net-pci,id=colo-nic0,netdev=hn0");
    }

    @Test
    void rtl8139NicHasNoVnetHdrSupport() {
        ColoPairSpec spec = Specs.reference(DIR).build();
        assertThat(spec.primaryArgv()).noneMatch(a -> a.contains("vnet_hdr_support"));
        assertThat(spec.secondaryArgv()).noneMatch(a -> a.contains("vnet_hdr_support"));
    }

    @Test
    void qemu92RendersReconnectMsInsteadOfReconnect() {
        ColoPairSpec spec = Specs.reference(DIR).qemuVersion(QemuVersion.of(9, 2, 0)).build();
        assertThat(chardevs(spec.secondaryArgv())).containsExactly(
                "socket,id=red0,host=127.0.0.1,port=9003,reconnect-ms=1000",
                "socket,id=red1,host=127.0.0.1,port=9004,reconnect-ms=1000");
    }

    @Test
    void qemu91StillRendersReconnectInSeconds() {
        ColoPairSpec spec = Specs.reference(DIR).qemuVersion(QemuVersion.of(9, 1, 2)).build();
        assertThat(chardevs(spec.secondaryArgv())).containsExactly(
                "socket,id=red0,host=127.0.0.1,port=9003,reconnect=1",
                "socket,id=red1,host=127.0.0.1,port=9004,reconnect=1");
    }

    @Test
    void macAddressIsAppendedToTheDeviceOnBothNodes() {
        ColoPairSpec spec = Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .nic(ColoNic.builder().netdev("hn0").mac("52:54:00:12:34:56").build()).build();
        assertThat(spec.primaryArgv()).containsSequence("-device", "rtl8139,id=colo-nic0,netdev=hn0,mac=52:54:00:12:34:56");
        assertThat(spec.secondaryArgv()).containsSequence("-device", "rtl8139,id=colo-nic0,netdev=hn0,mac=52:54:00:12:34:56");
    }

    @Test
    void customBackendIsRenderedBeforeTheNetdevId() {
        ColoPairSpec spec = Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .nic(ColoNic.builder().netdev("hn0").backend("tap,ifname=tap0,script=no,downscript=no,vhost=off").build())
                .build();
        assertThat(spec.primaryArgv()).containsSequence("-netdev", "tap,ifname=tap0,script=no,downscript=no,vhost=off,id=hn0");
    }

    @Test
    void qemuCommandLineOptionsComeFirstInOrder() {
        QemuCommandLine machine = QemuCommandLine.builder().binary("/opt/qemu/bin/qemu-system-x86_64").machine("q35")
                .accel("tcg").memoryMiB(1024).cpus(2).cpu("qemu64,kvmclock=on").headless(false)
                .extra("-device", "piix3-usb-uhci", "-device", "usb-tablet").build();
        ColoPairSpec spec = Specs.reference(DIR).machine(machine).build();

        List<String> head = List.of("-machine", "q35,accel=tcg", "-m", "1024", "-smp", "2",
                "-cpu", "qemu64,kvmclock=on", "-device", "piix3-usb-uhci", "-device", "usb-tablet",
                "-netdev", "user,id=hn0");
        assertThat(spec.primaryArgv()).startsWith(concat(
                List.of("/opt/qemu/bin/qemu-system-x86_64", "-name", "primary"), head).toArray(String[]::new));
        assertThat(spec.secondaryArgv()).startsWith(concat(
                List.of("/opt/qemu/bin/qemu-system-x86_64", "-name", "secondary"), head).toArray(String[]::new));
        assertThat(spec.primaryArgv()).doesNotContain("-nodefaults", "-display");
        assertThat(spec.primaryArgv().subList(head.size() + 3, spec.primaryArgv().size()))
                .isEqualTo(REFERENCE_PRIMARY.subList(MACHINE.size() + 3 + 2, REFERENCE_PRIMARY.size()));
    }

    @Test
    void qemuCommandLineDefaultsAreHeadlessKvmPcWith512MiB() {
        assertThat(QemuCommandLine.defaults().render("vm")).containsExactly("qemu-system-x86_64", "-name", "vm",
                "-machine", "pc,accel=kvm", "-m", "512", "-smp", "1", "-nodefaults", "-display", "none");
    }

    @Test
    void listenAddressOfThePrimaryIsWhereItsCrossHostChardevsListen() {
        ColoPairSpec spec = Specs.reference(DIR).primary(Specs.primaryNode(DIR).listenAddress("0.0.0.0").build()).build();
        assertThat(chardevs(spec.primaryArgv())).startsWith(
                "socket,id=mirror0,host=0.0.0.0,port=9003,server=on,wait=off",
                "socket,id=compare1,host=0.0.0.0,port=9004,server=on,wait=off",
                "socket,id=compare0,host=127.0.0.1,port=9001,server=on,wait=off");
        assertThat(chardevs(spec.secondaryArgv())).containsExactly(
                "socket,id=red0,host=127.0.0.1,port=9003,reconnect=1",
                "socket,id=red1,host=127.0.0.1,port=9004,reconnect=1");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return concat(concat(a, b), c);
    }

    /** The argument after the first {@code option}. */
    private static String after(List<String> argv, String option) {
        int i = argv.indexOf(option);
        assertThat(i).as("argv has %s", option).isNotNegative();
        return argv.get(i + 1);
    }

    private static List<String> objects(List<String> argv) {
        return valuesOf(argv, "-object");
    }

    private static List<String> chardevs(List<String> argv) {
        return valuesOf(argv, "-chardev");
    }

    private static List<String> valuesOf(List<String> argv, String option) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                values.add(argv.get(i + 1));
            }
        }
        return values;
    }
}
