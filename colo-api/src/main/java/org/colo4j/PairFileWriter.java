package org.colo4j;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.colo4j.blockgraph.DiskImage;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;

/**
 * A spec as the tree of its pair file, every default left out: what {@link PairFileReader} reads
 * back into an equal spec. Fields appear in the order of {@link PairFileReader}'s field lists.
 */
final class PairFileWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PairFileWriter() {}

    static ObjectNode tree(ColoPairSpec spec) {
        ObjectNode root = JSON.objectNode();
        root.set("primary", node(spec.primary(), spec.machine()));
        root.set("secondary", node(spec.secondary(), spec.machine()));
        ObjectNode machine = machine(spec.machine(), QemuCommandLine.defaults());
        if (!machine.isEmpty()) {
            root.set("machine", machine);
        }
        ArrayNode disks = root.putArray("disks");
        spec.disks().forEach(d -> disks.add(disk(d)));
        ArrayNode nics = root.putArray("nics");
        spec.nics().forEach(n -> nics.add(nic(n)));
        if (!spec.checkpointDelay().equals(ColoPairSpec.DEFAULT_CHECKPOINT_DELAY)) {
            root.put("checkpointDelay", PairValues.duration(spec.checkpointDelay()));
        }
        if (!spec.portPlan().equals(PortPlan.defaults())) {
            root.putObject("portPlan").put("basePort", spec.portPlan().basePort()).put("stride", spec.portPlan().stride());
        }
        if (spec.givenQemuVersion() != null) {
            root.put("qemuVersion", spec.givenQemuVersion().toString());
        }
        if (spec.tls() != null) {
            root.set("tls", tls(spec.tls()));
        }
        return root;
    }

    private static ObjectNode tls(ColoTls tls) {
        ObjectNode o = JSON.objectNode();
        if (tls.dir() != null) {
            o.put("dir", tls.dir().toString());
        }
        if (!tls.nodeDirs().isEmpty()) {
            ObjectNode nodes = o.putObject("nodes");
            tls.nodeDirs().forEach((name, dir) -> nodes.put(name, dir.toString()));
        }
        if (!tls.channels().equals(java.util.EnumSet.allOf(ColoTls.Channel.class))) {
            ArrayNode channels = o.putArray("channels");
            tls.channels().forEach(c -> channels.add(c.name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (tls.filesOnThisHost()) {
            o.put("filesOnThisHost", true);
        }
        return o;
    }

    private static ObjectNode node(ColoNode n, QemuCommandLine shared) {
        ObjectNode o = JSON.objectNode();
        o.put("name", n.name());
        o.put("address", n.address());
        if (n.listenAddressGiven()) {
            o.put("listenAddress", n.listenAddress());
        }
        o.put("qmp", PairValues.endpoint(n.qmp()));
        if (n.qmpConnectGiven() != null) {
            o.put("qmpConnect", PairValues.endpoint(n.qmpConnectGiven()));
        }
        if (n.plainTextQmpAllowed()) {
            o.put("allowPlainTextQmp", true);
        }
        if (n.migrationPort() != ColoNode.DEFAULT_MIGRATION_PORT) {
            o.put("migrationPort", n.migrationPort());
        }
        if (n.nbdPort() != ColoNode.DEFAULT_NBD_PORT) {
            o.put("nbdPort", n.nbdPort());
        }
        n.qemuVersion().ifPresent(v -> o.put("qemuVersion", v.toString()));
        n.machine().ifPresent(m -> o.set("machine", machine(m, shared)));
        if (!n.nicBackends().isEmpty()) {
            ObjectNode backends = o.putObject("nicBackends");
            n.nicBackends().forEach(backends::put);
        }
        return o;
    }

    /** The fields of {@code m} that differ from {@code base}; a null {@code m} value over a set one is written as null. */
    private static ObjectNode machine(QemuCommandLine m, QemuCommandLine base) {
        ObjectNode o = JSON.objectNode();
        text(o, "binary", m.binary(), base.binary());
        text(o, "machine", m.machine(), base.machine());
        text(o, "accel", m.accelSpec(), base.accelSpec());
        if (m.memoryMiB() != base.memoryMiB()) {
            o.put("memoryMiB", m.memoryMiB());
        }
        if (m.cpus() != base.cpus()) {
            o.put("cpus", m.cpus());
        }
        text(o, "cpu", m.cpu(), base.cpu());
        if (m.headless() != base.headless()) {
            o.put("headless", m.headless());
        }
        text(o, "serial", m.serial(), base.serial());
        text(o, "logFile", m.logFile() == null ? null : m.logFile().toString(),
                base.logFile() == null ? null : base.logFile().toString());
        text(o, "logItems", m.logItems(), base.logItems());
        if (!m.extra().equals(base.extra())) {
            ArrayNode extra = o.putArray("extra");
            m.extra().forEach(extra::add);
        }
        return o;
    }

    private static void text(ObjectNode o, String name, String value, String base) {
        if (!Objects.equals(value, base)) {
            if (value == null) {
                o.putNull(name);
            } else {
                o.put(name, value);
            }
        }
    }

    private static ObjectNode disk(ColoDisk d) {
        ObjectNode o = JSON.objectNode();
        if (d.id() != null) {
            o.put("id", d.id());
        }
        if (d.parentId() != null) {
            o.put("parentId", d.parentId());
        }
        if (d.driveInterface() != null) {
            o.put("driveInterface", d.driveInterface().qemuName());
        }
        List<DiskImage> images = List.of(d.primaryImage(), d.secondaryImage(), d.activeImage(), d.hiddenImage());
        Long common = images.get(0).virtualSize();
        for (DiskImage i : images) {
            common = Objects.equals(common, i.virtualSize()) ? common : null;
        }
        if (common != null) {
            o.set("virtualSize", size(common));
        }
        image(o, "primaryImage", d.primaryImage(), common);
        image(o, "secondaryImage", d.secondaryImage(), common);
        image(o, "activeImage", d.activeImage(), common);
        image(o, "hiddenImage", d.hiddenImage(), common);
        return o;
    }

    private static void image(ObjectNode o, String name, DiskImage image, Long common) {
        if (image.format() == ImageFormat.QCOW2 && Objects.equals(image.virtualSize(), common)) {
            o.put(name, image.path().toString());
            return;
        }
        ObjectNode i = o.putObject(name);
        i.put("path", image.path().toString());
        if (image.format() != ImageFormat.QCOW2) {
            i.put("format", image.format().qemuName());
        }
        if (image.virtualSize() != null && !image.virtualSize().equals(common)) {
            i.set("virtualSize", size(image.virtualSize()));
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode size(long bytes) {
        Object s = PairValues.size(bytes);
        return s instanceof String t ? JSON.textNode(t) : JSON.numberNode(bytes);
    }

    private static ObjectNode nic(ColoNic n) {
        ObjectNode o = JSON.objectNode();
        o.put("netdev", n.netdev());
        if (!n.backend().equals("user")) {
            o.put("backend", n.backend());
        }
        if (!n.model().equals(NicModel.RTL8139)) {
            o.put("model", n.model().device());
        }
        if (n.mac() != null) {
            o.put("mac", n.mac());
        }
        if (n.ports() != null) {
            o.putObject("ports").put("mirror", n.ports().mirror()).put("secondaryIn", n.ports().secondaryIn())
                    .put("primaryIn", n.ports().primaryIn()).put("compareOut", n.ports().compareOut());
        }
        return o;
    }
}
