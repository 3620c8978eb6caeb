package org.colo4j.netfilter;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which packets of a netdev a net filter sees: QEMU's {@code queue} property
 * ({@code NetFilterDirection}). Only these three values are legal.
 */
public enum FilterQueue {
    /** The netdev's receive queue: packets sent to the netdev by the guest's NIC (the guest's output). */
    RX("rx"),
    /** The netdev's transmit queue: packets the netdev sends to the guest's NIC (the guest's input). */
    TX("tx"),
    /** Both directions. */
    ALL("all");

    private final String qemuName;

    FilterQueue(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The value as QEMU spells it: {@code rx}, {@code tx} or {@code all}. */
    public String qemuName() {
        return qemuName;
    }

    /**
     * The queue named {@code text} (case-insensitive), e.g. from a configuration file.
     *
     * @throws IllegalArgumentException naming the legal values if {@code text} is none of them (QEMU
     *     itself says "Parameter 'queue' does not accept value 'both'")
     */
    public static FilterQueue parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (FilterQueue q : values()) {
            if (q.qemuName.equals(t)) {
                return q;
            }
        }
        throw new IllegalArgumentException("queue '" + text + "' is not a legal net filter queue; use one of "
                + Arrays.stream(values()).map(FilterQueue::qemuName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return qemuName;
    }
}
