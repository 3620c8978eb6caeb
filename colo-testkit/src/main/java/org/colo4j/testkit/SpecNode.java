package org.colo4j.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.colo4j.ColoNic;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.blockgraph.DiskImage;
import org.colo4j.blockgraph.PrimaryDisk;
import org.colo4j.blockgraph.SecondaryDisk;
import org.colo4j.netfilter.NodeProxy;
import org.colo4j.netfilter.ProxyObject;
import org.colo4j.netfilter.SocketChardev;

/**
 * What a QEMU started with {@code spec.argv(role)} holds when it starts, read from the spec's model
 * rather than parsed from the argv: its netdevs, the proxy's socket chardevs and objects, and per
 * disk the drive ids, image files, formats and virtual size. A fake node built from it matches what
 * colo4j's preflight and procedures expect of that spec.
 */
final class SpecNode {

    /**
     * The image files of one disk as the argv names them: the primary image (the primary's quorum
     * child 0) and the secondary's parent, active and hidden images.
     */
    record Images(String primary, String primaryFormat, String parent, String parentFormat, String active,
                  String hidden) {

        /** The legacy layout under {@code folder}: COLO-FT.txt's names, disk index appended from the second disk on. */
        static Images under(String folder, int index) {
            String suffix = index == 0 ? "" : String.valueOf(index);
            String image = folder + "/primary" + suffix + ".qcow2";
            return new Images(image, "qcow2", image, "qcow2", folder + "/secondary-active" + suffix + ".qcow2",
                    folder + "/secondary-hidden" + suffix + ".qcow2");
        }
    }

    /** A proxy object as {@code -object} creates it: properties as the option string spells them. */
    record Obj(String id, String qomType, Map<String, String> props) {}

    private final ColoPairSpec spec;
    private final Role role;

    private SpecNode(ColoPairSpec spec, Role role) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.role = Objects.requireNonNull(role, "role");
    }

    static SpecNode of(ColoPairSpec spec, Role role) {
        return new SpecNode(spec, role);
    }

    ColoPairSpec spec() {
        return spec;
    }

    Role role() {
        return role;
    }

    /** The netdev ids of the spec's NICs, in order. */
    List<String> netdevs() {
        return spec.nics().stream().map(ColoNic::netdev).toList();
    }

    /** The proxy's socket chardevs on this node, as {@code -chardev socket,...} creates them. */
    List<QomLayer.Chardev> chardevs() {
        List<QomLayer.Chardev> out = new ArrayList<>();
        for (SocketChardev c : proxy().chardevs()) {
            out.add(new QomLayer.Chardev(c.id(), "socket", c.host(), String.valueOf(c.port()), c.server()));
        }
        return out;
    }

    /** The proxy's objects on this node, as {@code -object} creates them ({@code true} spelled {@code on}). */
    List<Obj> objects() {
        List<Obj> out = new ArrayList<>();
        for (ProxyObject o : proxy().objects()) {
            Map<String, String> props = new LinkedHashMap<>();
            o.properties().forEach((k, v) -> props.put(k, v instanceof Boolean b ? (b ? "on" : "off") : v.toString()));
            out.add(new Obj(o.id(), o.qomType(), props));
        }
        return out;
    }

    /**
     * One {@link FakeDisk} per spec disk: the quorum id, the secondary's parent and replication
     * ids, and the virtual size the spec declares (the first image that declares one), else
     * {@link FakeDisk#DEFAULT_SIZE}.
     */
    List<FakeDisk> disks() {
        List<FakeDisk> out = new ArrayList<>();
        List<PrimaryDisk> primaries = spec.replication().primaryDisks();
        List<SecondaryDisk> secondaries = spec.replication().secondaryDisks();
        for (int i = 0; i < secondaries.size(); i++) {
            SecondaryDisk s = secondaries.get(i);
            PrimaryDisk p = primaries.get(i);
            long size = FakeDisk.DEFAULT_SIZE;
            for (DiskImage image : List.of(p.image(), s.parentImage(), s.activeImage(), s.hiddenImage())) {
                if (image.declaredSize().isPresent()) {
                    size = image.declaredSize().get();
                    break;
                }
            }
            out.add(new FakeDisk(s.quorumId(), s.parentId(), s.replicationId(), size));
        }
        return out;
    }

    /** The image files per disk, in disk order, as the argv writes them. */
    List<Images> images() {
        List<Images> out = new ArrayList<>();
        List<PrimaryDisk> primaries = spec.replication().primaryDisks();
        List<SecondaryDisk> secondaries = spec.replication().secondaryDisks();
        for (int i = 0; i < secondaries.size(); i++) {
            SecondaryDisk s = secondaries.get(i);
            PrimaryDisk p = primaries.get(i);
            out.add(new Images(p.image().path().toString(), p.image().format().qemuName(),
                    s.parentImage().path().toString(), s.parentImage().format().qemuName(),
                    s.activeImage().path().toString(), s.hiddenImage().path().toString()));
        }
        return out;
    }

    private NodeProxy proxy() {
        return role == Role.PRIMARY ? spec.proxy().primary() : spec.proxy().secondary();
    }
}
