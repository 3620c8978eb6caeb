package org.colo4j.netfilter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code filter-rewriter}: on the secondary ({@code rew0}, queue {@code all}), adjusts TCP sequence
 * and ack numbers so the secondary's connections stay consistent with the primary's. It stays in
 * place after a secondary failover, so filters added when that node becomes a primary must be
 * inserted before it ({@link FilterPlacement#before(String)}).
 *
 * @param id filter id
 * @param netdev netdev id
 * @param queue {@code all} in COLO's layout
 * @param vnetHdrSupport virtio-net header on the packets
 * @param placement position in the chain, or {@code null} for the tail
 */
public record FilterRewriter(String id, String netdev, FilterQueue queue, boolean vnetHdrSupport,
        FilterPlacement placement) implements NetFilter {

    public FilterRewriter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(netdev, "netdev");
        Objects.requireNonNull(queue, "queue");
    }

    /** A rewriter at the tail of the chain, without virtio-net header. */
    public static FilterRewriter of(String id, String netdev, FilterQueue queue) {
        return new FilterRewriter(id, netdev, queue, false, null);
    }

    /** This filter with {@code vnet_hdr_support} as given. */
    public FilterRewriter withVnetHdrSupport(boolean on) {
        return new FilterRewriter(id, netdev, queue, on, placement);
    }

    @Override
    public FilterRewriter withPlacement(FilterPlacement where) {
        return new FilterRewriter(id, netdev, queue, vnetHdrSupport, where);
    }

    @Override
    public String qomType() {
        return "filter-rewriter";
    }

    @Override
    public Map<String, Object> properties() {
        LinkedHashMap<String, Object> p = FilterProperties.common(this);
        if (vnetHdrSupport) {
            p.put("vnet_hdr_support", Boolean.TRUE);
        }
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Map<String, String> chardevReferences() {
        return Map.of();
    }

    @Override
    public String toString() {
        return qomType() + " " + id + " " + netdev + "/" + queue + (vnetHdrSupport ? " vnet_hdr" : "")
                + (placement != null ? " " + placement : "");
    }
}
