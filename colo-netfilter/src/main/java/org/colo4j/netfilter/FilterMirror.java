package org.colo4j.netfilter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code filter-mirror}: copies the netdev's packets to a chardev. On the primary, {@code m0} copies
 * the {@code tx} queue (the guest's input) to {@code mirror0}, where the secondary's {@code red0}
 * picks it up, so both VMs see the same input.
 *
 * @param id filter id, e.g. {@code m0}
 * @param netdev netdev id, e.g. {@code hn0}
 * @param queue {@code tx} in COLO's layout
 * @param outdev chardev the copies go to, e.g. {@code mirror0}
 * @param vnetHdrSupport virtio-net header on the packets
 * @param placement position in the chain, or {@code null} for the tail
 */
public record FilterMirror(String id, String netdev, FilterQueue queue, String outdev, boolean vnetHdrSupport,
        FilterPlacement placement) implements NetFilter {

    public FilterMirror {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(netdev, "netdev");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(outdev, "outdev");
    }

    /** A mirror at the tail of the chain, without virtio-net header. */
    public static FilterMirror of(String id, String netdev, FilterQueue queue, String outdev) {
        return new FilterMirror(id, netdev, queue, outdev, false, null);
    }

    /** This filter with {@code vnet_hdr_support} as given. */
    public FilterMirror withVnetHdrSupport(boolean on) {
        return new FilterMirror(id, netdev, queue, outdev, on, placement);
    }

    @Override
    public FilterMirror withPlacement(FilterPlacement where) {
        return new FilterMirror(id, netdev, queue, outdev, vnetHdrSupport, where);
    }

    @Override
    public String qomType() {
        return "filter-mirror";
    }

    @Override
    public Map<String, Object> properties() {
        LinkedHashMap<String, Object> p = FilterProperties.common(this);
        p.put("outdev", outdev);
        if (vnetHdrSupport) {
            p.put("vnet_hdr_support", Boolean.TRUE);
        }
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Map<String, String> chardevReferences() {
        return Map.of("outdev", outdev);
    }

    @Override
    public String toString() {
        return qomType() + " " + id + " " + netdev + "/" + queue + " -> " + outdev
                + (vnetHdrSupport ? " vnet_hdr" : "") + (placement != null ? " " + placement : "");
    }
}
