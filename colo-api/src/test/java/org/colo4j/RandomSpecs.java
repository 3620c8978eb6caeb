package org.colo4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.colo4j.blockgraph.DiskImage;
import org.colo4j.blockgraph.DriveInterface;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.netfilter.ProxyPorts;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;

/**
 * Valid specs drawn from a seed, varying every value a pair file holds (each one sometimes left at
 * its default), for round-trip tests. Every spec has its QEMU versions set, so nothing is probed.
 */
final class RandomSpecs {

    private static final List<QemuVersion> VERSIONS = List.of(QemuVersion.of(7, 2, 22), QemuVersion.of(10, 0, 13),
            QemuVersion.of(11, 1, 3));

    private final Random r;

    private RandomSpecs(long seed) {
        this.r = new Random(new java.util.SplittableRandom(seed).nextLong()); // consecutive seeds would start alike
    }

    static ColoPairSpec of(long seed) {
        return new RandomSpecs(seed).spec();
    }

    private ColoPairSpec spec() {
        QemuCommandLine shared = r.nextBoolean() ? QemuCommandLine.defaults() : machine();
        ColoPairSpec.Builder b = ColoPairSpec.builder().machine(shared);
        boolean nodeVersions = r.nextInt(3) == 0;
        int nics = 1 + r.nextInt(2);
        b.primary(node("vm-a", "10.0.0.1", shared, nodeVersions, nics, 20000));
        b.secondary(node("vm-b", "10.0.0.2", shared, nodeVersions, nics, 21000));
        if (!nodeVersions) {
            b.qemuVersion(pick(VERSIONS));
        }
        int disks = 1 + r.nextInt(3);
        for (int i = 0; i < disks; i++) {
            b.disk(disk(i));
        }
        for (int i = 0; i < nics; i++) {
            b.nic(nic(i));
        }
        switch (r.nextInt(4)) {
            case 0 -> b.checkpointDelay(Duration.ofMillis(1 + r.nextInt(5000)));
            case 1 -> b.checkpointDelay(Duration.ofSeconds(1 + r.nextInt(30)));
            case 2 -> b.checkpointDelay(Duration.ofNanos(1_000_000 + r.nextInt(1_000_000_000)));
            default -> { }
        }
        if (r.nextBoolean()) {
            b.portPlan(PortPlan.of(30000 + r.nextInt(1000), 5 + r.nextInt(10)));
        }
        switch (r.nextInt(4)) {
            case 0 -> b.tls(ColoTls.builder().dir(java.nio.file.Path.of("/etc/pki/qemu")).build());
            case 1 -> b.tls(ColoTls.builder().node("vm-a", java.nio.file.Path.of("/etc/colo/a"))
                    .node("vm-b", java.nio.file.Path.of("/etc/colo/b")).channels(ColoTls.Channel.NBD, ColoTls.Channel.PROXY)
                    .build());
            case 2 -> b.tls(ColoTls.builder().dir(java.nio.file.Path.of("/etc/pki/qemu"))
                    .node("vm-b", java.nio.file.Path.of("/srv/pki")).channels(ColoTls.Channel.MIGRATION).build());
            default -> { }
        }
        return b.build();
    }

    private QemuCommandLine machine() {
        QemuCommandLine.Builder m = QemuCommandLine.builder()
                .machine(pick(List.of("pc", "q35", "pc-i440fx-7.2")))
                .accel(pick(List.of("kvm", "tcg", "tcg,thread=single", "kvm,dirty-ring-size=4096")))
                .memoryMiB(pick(List.of(128, 512, 2048))).cpus(1 + r.nextInt(4)).headless(r.nextInt(4) > 0);
        if (r.nextBoolean()) {
            m.cpu(pick(List.of("host", "qemu64,kvmclock=on", "max")));
        }
        if (r.nextBoolean()) {
            m.serial("file:/var/log/colo/shared, odd.serial");
        }
        if (r.nextBoolean()) {
            m.extra("-device", "usb-tablet", "-global", "rtl8139.romfile=");
        }
        return m.build();
    }

    private ColoNode node(String name, String address, QemuCommandLine shared, boolean ownVersion, int nics, int ports) {
        ColoNode.Builder n = ColoNode.builder().name(name).address(address).migrationPort(ports).nbdPort(ports + 1);
        if (r.nextBoolean()) {
            n.migrationPort(ColoNode.DEFAULT_MIGRATION_PORT + (name.equals("vm-a") ? 0 : 100))
                    .nbdPort(ColoNode.DEFAULT_NBD_PORT + (name.equals("vm-a") ? 0 : 100));
        }
        switch (r.nextInt(3)) {
            case 0 -> n.listenAddress("0.0.0.0");
            case 1 -> n.listenAddress(address);
            default -> { }
        }
        switch (r.nextInt(3)) {
            case 0 -> n.qmp(QmpEndpoint.unix(Path.of("/run/colo/" + name + " odd,name.qmp")));
            case 1 -> n.qmp(QmpEndpoint.tcp("127.0.0.1", ports + 2));
            default -> n.qmp(QmpEndpoint.tcp(address, ports + 2)).allowPlainTextQmp(true);
        }
        if (r.nextBoolean()) {
            n.qmpConnect(r.nextBoolean() ? QmpEndpoint.tcp("::1", ports + 3) : QmpEndpoint.unix(Path.of("/tmp/" + name + ".qmp")));
        }
        if (ownVersion) {
            n.qemuVersion(pick(VERSIONS));
        }
        if (r.nextBoolean()) {
            QemuCommandLine.Builder m = shared.toBuilder().binary("/opt/" + name + "/bin/qemu-system-x86_64");
            switch (r.nextInt(4)) {
                case 0 -> m.accel("tcg,thread=multi,tb-size=512");
                case 1 -> m.serial(r.nextBoolean() ? null : "file:/var/log/colo/" + name + ".serial");
                case 2 -> m.logFile(Path.of("/var/log/colo/" + name + ".log")).logItems("guest_errors,unimp");
                default -> m.clearExtra().extra("-L", "/opt/" + name + "/share/qemu").headless(!shared.headless());
            }
            n.machine(m.build());
        }
        if (r.nextBoolean()) {
            n.nicBackend("hn" + r.nextInt(nics), "tap,ifname=tap-" + name + ",script=no,downscript=no");
        }
        return n.build();
    }

    private ColoDisk disk(int i) {
        Path dir = Path.of("/var/lib/colo/disk " + i);
        ColoDisk.Builder d = ColoDisk.builder();
        if (r.nextBoolean()) {
            d.id("vd" + (char) ('a' + i));
        }
        if (r.nextBoolean()) {
            d.parentId("base" + i);
        }
        if (r.nextBoolean()) {
            d.driveInterface(pick(List.of(DriveInterface.IDE, DriveInterface.VIRTIO, DriveInterface.SCSI)));
        }
        long size = (1 + r.nextInt(64)) << 20;
        switch (r.nextInt(5)) {
            case 4 -> d.primaryImage(new DiskImage(dir.resolve("p.raw"), ImageFormat.RAW, size)).secondaryImage(dir.resolve("s.qcow2"));
            case 0 -> d.primaryImage(dir.resolve("p.qcow2")).secondaryImage(dir.resolve("s.qcow2")).virtualSize(size);
            case 1 -> d.primaryImage(new DiskImage(dir.resolve("p.raw"), ImageFormat.RAW, size + 512))
                    .secondaryImage(new DiskImage(dir.resolve("s.raw"), ImageFormat.RAW, size + 512)).virtualSize(size + 512);
            case 2 -> d.primaryImage(DiskImage.raw(dir.resolve("p.img"))).secondaryImage(dir.resolve("s.qcow2"));
            default -> d.primaryImage(dir.resolve("p.qcow2")).secondaryImage(dir.resolve("s.qcow2"));
        }
        return d.activeImage(dir.resolve("a.qcow2")).hiddenImage(dir.resolve("h.qcow2")).build();
    }

    private ColoNic nic(int i) {
        ColoNic.Builder n = ColoNic.builder().netdev("hn" + i);
        if (r.nextBoolean()) {
            n.backend("tap,ifname=colo" + i + ",script=no,downscript=no");
        }
        if (r.nextBoolean()) {
            n.model(pick(List.of(NicModel.E1000, NicModel.VIRTIO_NET_PCI, NicModel.of("e1000e"))));
        }
        if (r.nextBoolean()) {
            n.mac(String.format("52:54:00:00:00:%02x", i));
        }
        if (r.nextBoolean()) {
            int base = 40000 + 10 * i;
            n.ports(new ProxyPorts(base, base + 1, base + 2, base + 3));
        }
        return n.build();
    }

    private <T> T pick(List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
