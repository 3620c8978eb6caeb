package org.colo4j;

import java.nio.file.Path;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;

/**
 * A pair on two hosts, as the README's "Two hosts" describes it: both QEMUs listen for QMP on the
 * same unix socket path on their own host and the controller reaches them through SSH-forwarded
 * ports; each host has its own serial file and tap name, host B its own QEMU build path and log.
 */
final class TwoHostSpecs {

    static final QemuCommandLine SHARED = QemuCommandLine.builder().machine("pc-i440fx-7.2").memoryMiB(2048).cpus(2).build();
    static final Path QMP = Path.of("/run/colo/vm.qmp");

    private TwoHostSpecs() {}

    static ColoNode.Builder hostA() {
        return ColoNode.builder().name("vm-a").address("192.0.2.10").qmp(QmpEndpoint.unix(QMP))
                .qmpConnect(QmpEndpoint.tcp("127.0.0.1", 14441))
                .machine(SHARED.toBuilder().serial("file:/var/log/colo/vm-a.serial").build());
    }

    static ColoNode.Builder hostB() {
        return ColoNode.builder().name("vm-b").address("192.0.2.20").qmp(QmpEndpoint.unix(QMP))
                .qmpConnect(QmpEndpoint.tcp("127.0.0.1", 14442))
                .machine(SHARED.toBuilder().binary("/opt/qemu/bin/qemu-system-x86_64").accel("kvm,dirty-ring-size=4096")
                        .serial("file:/var/log/colo/vm-b.serial").logFile(Path.of("/var/log/colo/qemu-b.log"))
                        .logItems("guest_errors").build())
                .nicBackend("hn0", "tap,ifname=tap7,script=no,downscript=no");
    }

    static ColoPairSpec.Builder spec() {
        return ColoPairSpec.builder().primary(hostA().build()).secondary(hostB().build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(Path.of("/var/lib/colo/vm.qcow2"))
                        .secondaryImage(Path.of("/var/lib/colo/vm.qcow2")).activeImage(Path.of("/var/lib/colo/active.qcow2"))
                        .hiddenImage(Path.of("/var/lib/colo/hidden.qcow2")).virtualSize(10L << 30).build())
                .nic(ColoNic.builder().netdev("hn0").backend("tap,ifname=colo0,script=no,downscript=no").build())
                .machine(SHARED)
                .qemuVersion(QemuVersion.of(7, 2, 22));
    }
}
