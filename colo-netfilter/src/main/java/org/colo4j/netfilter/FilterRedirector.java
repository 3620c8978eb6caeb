package org.colo4j.netfilter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code filter-redirector}: moves the netdev's packets to a chardev ({@code outdev}) and/or injects
 * packets read from a chardev ({@code indev}) into the netdev. At least one of the two is set and
 * they differ (QEMU: "'indev' and 'outdev' could not be same for filter redirector").
 *
 * <p>In COLO's layout: the primary's {@code redire0} ({@code rx}, indev {@code compare_out}) releases
 * compared packets, {@code redire1} ({@code rx}, outdev {@code compare0}) feeds the primary's packets
 * to {@code colo-compare}; the secondary's {@code f1} ({@code tx}, indev {@code red0}) injects the
 * mirrored input and {@code f2} ({@code rx}, outdev {@code red1}) sends the secondary's output back.
 *
 * @param id filter id
 * @param netdev netdev id
 * @param queue which packets
 * @param indev chardev to read packets from, or {@code null}
 * @param outdev chardev to send packets to, or {@code null}
 * @param vnetHdrSupport virtio-net header on the packets
 * @param placement position in the chain, or {@code null} for the tail
 */
public record FilterRedirector(String id, String netdev, FilterQueue queue, String indev, String outdev,
        boolean vnetHdrSupport, FilterPlacement placement) implements NetFilter {

    public FilterRedirector {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(netdev, "netdev");
        Objects.requireNonNull(queue, "queue");
    }

    /** A redirector reading packets from {@code indev} into the netdev. */
    public static FilterRedirector in(String id, String netdev, FilterQueue queue, String indev) {
        return new FilterRedirector(id, netdev, queue, Objects.requireNonNull(indev, "indev"), null, false, null);
    }

    /** A redirector sending the netdev's packets to {@code outdev}. */
    public static FilterRedirector out(String id, String netdev, FilterQueue queue, String outdev) {
        return new FilterRedirector(id, netdev, queue, null, Objects.requireNonNull(outdev, "outdev"), false, null);
    }

    /** This filter with {@code vnet_hdr_support} as given. */
    public FilterRedirector withVnetHdrSupport(boolean on) {
        return new FilterRedirector(id, netdev, queue, indev, outdev, on, placement);
    }

    @Override
    public FilterRedirector withPlacement(FilterPlacement where) {
        return new FilterRedirector(id, netdev, queue, indev, outdev, vnetHdrSupport, where);
    }

    @Override
    public String qomType() {
        return "filter-redirector";
    }

    @Override
    public Map<String, Object> properties() {
        LinkedHashMap<String, Object> p = FilterProperties.common(this);
        if (indev != null) {
            p.put("indev", indev);
        }
        if (outdev != null) {
            p.put("outdev", outdev);
        }
        if (vnetHdrSupport) {
            p.put("vnet_hdr_support", Boolean.TRUE);
        }
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Map<String, String> chardevReferences() {
        LinkedHashMap<String, String> refs = new LinkedHashMap<>();
        if (indev != null) {
            refs.put("indev", indev);
        }
        if (outdev != null) {
            refs.put("outdev", outdev);
        }
        return Collections.unmodifiableMap(refs);
    }

    @Override
    public String toString() {
        return qomType() + " " + id + " " + netdev + "/" + queue + (indev != null ? " <- " + indev : "")
                + (outdev != null ? " -> " + outdev : "") + (vnetHdrSupport ? " vnet_hdr" : "")
                + (placement != null ? " " + placement : "");
    }
}
