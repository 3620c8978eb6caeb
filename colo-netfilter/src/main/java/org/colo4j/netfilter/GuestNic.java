package org.colo4j.netfilter;

import java.util.Objects;

/**
 * A guest NIC as the proxy of one node sees it: its netdev (the backend the filters attach to) and
 * the facts about it that decide whether COLO can filter it. The {@code -netdev}/{@code -device}
 * options themselves are not rendered here.
 *
 * @param netdev the netdev id, e.g. {@code hn0}
 * @param model the NIC device model; virtio-net needs {@code vnet_hdr_support} on the filters
 * @param vhost whether the netdev uses vhost; COLO filters cannot see vhost traffic ("Vhost is not
 *     supported"), so this must be false
 * @param queues the netdev's queue count; net filters do not support multiqueue, so this must be 1
 */
public record GuestNic(String netdev, NicModel model, boolean vhost, int queues) {

    public GuestNic {
        Objects.requireNonNull(netdev, "netdev");
        Objects.requireNonNull(model, "model");
    }

    /** A single-queue, non-vhost NIC: the only kind COLO supports. */
    public static GuestNic of(String netdev, NicModel model) {
        return new GuestNic(netdev, model, false, 1);
    }

    @Override
    public String toString() {
        return netdev + " (" + model + (vhost ? ", vhost" : "") + (queues != 1 ? ", queues=" + queues : "") + ")";
    }
}
