package org.colo4j.netfilter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code colo-compare}: on the primary, compares the primary's packets ({@code primary_in}, the
 * client end of the loopback pair fed by {@code redire1}) with the secondary's ({@code secondary_in},
 * the server chardev the secondary's {@code red1} connects to), releases identical packets to
 * {@code outdev} (the client end of the pair read by {@code redire0}) and asks for a checkpoint when
 * they differ. All four of primary_in, secondary_in, outdev and iothread are required (QEMU: "colo
 * compare needs 'primary_in' ,'secondary_in','outdev', 'iothread' property set").
 *
 * @param id object id, e.g. {@code comp0}
 * @param primaryIn chardev carrying the primary's packets, e.g. {@code compare0-0}
 * @param secondaryIn chardev carrying the secondary's packets, e.g. {@code compare1}
 * @param outdev chardev the released packets go to, e.g. {@code compare_out0}
 * @param iothread id of the {@link IoThread} to run in, e.g. {@code iothread1}
 * @param vnetHdrSupport virtio-net header on the packets
 */
public record ColoCompare(String id, String primaryIn, String secondaryIn, String outdev, String iothread,
        boolean vnetHdrSupport) implements ProxyObject {

    public ColoCompare {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(primaryIn, "primaryIn");
        Objects.requireNonNull(secondaryIn, "secondaryIn");
        Objects.requireNonNull(outdev, "outdev");
        Objects.requireNonNull(iothread, "iothread");
    }

    /** A comparator without virtio-net header. */
    public static ColoCompare of(String id, String primaryIn, String secondaryIn, String outdev, String iothread) {
        return new ColoCompare(id, primaryIn, secondaryIn, outdev, iothread, false);
    }

    /** This comparator with {@code vnet_hdr_support} as given. */
    public ColoCompare withVnetHdrSupport(boolean on) {
        return new ColoCompare(id, primaryIn, secondaryIn, outdev, iothread, on);
    }

    @Override
    public String qomType() {
        return "colo-compare";
    }

    @Override
    public Map<String, Object> properties() {
        LinkedHashMap<String, Object> p = new LinkedHashMap<>();
        p.put("primary_in", primaryIn);
        p.put("secondary_in", secondaryIn);
        p.put("outdev", outdev);
        p.put("iothread", iothread);
        if (vnetHdrSupport) {
            p.put("vnet_hdr_support", Boolean.TRUE);
        }
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Map<String, String> chardevReferences() {
        LinkedHashMap<String, String> refs = new LinkedHashMap<>();
        refs.put("primary_in", primaryIn);
        refs.put("secondary_in", secondaryIn);
        refs.put("outdev", outdev);
        return Collections.unmodifiableMap(refs);
    }

    @Override
    public String toString() {
        return qomType() + " " + id + " primary_in=" + primaryIn + " secondary_in=" + secondaryIn + " outdev="
                + outdev + " iothread=" + iothread + (vnetHdrSupport ? " vnet_hdr" : "");
    }
}
