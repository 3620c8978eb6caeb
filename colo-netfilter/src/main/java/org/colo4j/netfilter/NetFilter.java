package org.colo4j.netfilter;

/**
 * A net filter attached to one netdev: {@link FilterMirror}, {@link FilterRedirector} or
 * {@link FilterRewriter}.
 */
public sealed interface NetFilter extends ProxyObject permits FilterMirror, FilterRedirector, FilterRewriter {

    /** Id of the netdev the filter attaches to. */
    String netdev();

    /** Which of the netdev's packets the filter sees. */
    FilterQueue queue();

    /** Whether packets carry a virtio-net header ({@code vnet_hdr_support=on}); true for virtio-net NICs. */
    boolean vnetHdrSupport();

    /** Where the filter goes in the netdev's chain, or {@code null} for the tail (QEMU's default). */
    FilterPlacement placement();

    /** This filter with {@code placement} ({@code null}: at the tail). */
    NetFilter withPlacement(FilterPlacement placement);
}
