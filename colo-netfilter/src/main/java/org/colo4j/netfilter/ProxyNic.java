package org.colo4j.netfilter;

import java.util.List;
import java.util.Objects;

/**
 * One guest NIC to put under COLO's proxy, as given to {@link ColoProxy.Builder#nic(ProxyNic)}.
 * Every NIC of the guest must be listed: COLO cannot compare traffic it does not see.
 *
 * <pre>{@code
 * ProxyNic.builder().netdev("hn0").build();                                    // rtl8139, ports and ids from the plan
 * ProxyNic.builder().netdev("hn1").model(NicModel.VIRTIO_NET_PCI)
 *         .ports(new ProxyPorts(7003, 7004, 7001, 7005)).ids(ProxyIds.prefixed("b-")).build();
 * }</pre>
 *
 * <p>Field values are validated when the {@link ColoProxy} is built, so that the problems of all
 * NICs are reported together ({@code nics[1].ports.mirror}, ...). In {@link ColoProxy#nics()} the
 * ports and ids are filled in.
 *
 * @param netdev id of the netdev the guest NIC uses, e.g. {@code hn0}
 * @param model the NIC device model; virtio-net turns on {@code vnet_hdr_support}
 * @param vhost whether the netdev uses vhost (must be false; stated so it can be checked)
 * @param queues the netdev's queue count (must be 1)
 * @param ports the NIC's ports, or {@code null} to take them from the {@link PortPlan}
 * @param ids the NIC's ids, or {@code null} for {@link ProxyIds#forNic(int)}
 */
public record ProxyNic(String netdev, NicModel model, boolean vhost, int queues, ProxyPorts ports, ProxyIds ids) {

    public ProxyNic {
        Objects.requireNonNull(netdev, "netdev");
        Objects.requireNonNull(model, "model");
    }

    /** A NIC on {@code netdev} with all defaults (rtl8139, no vhost, one queue, planned ports and ids). */
    public static ProxyNic of(String netdev) {
        return builder().netdev(netdev).build();
    }

    /** A new builder; {@code netdev} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The guest NIC as the nodes see it. */
    public GuestNic guestNic() {
        return new GuestNic(netdev, model, vhost, queues);
    }

    /** This NIC with ports and ids filled in. */
    ProxyNic resolved(ProxyPorts p, ProxyIds i) {
        return new ProxyNic(netdev, model, vhost, queues, p, i);
    }

    @Override
    public String toString() {
        return guestNic() + (ports != null ? " ports[" + ports + "]" : "")
                + (ids != null ? " ids[" + ids.mirror() + ", " + ids.compare() + ", " + ids.rewriter() + ", ...]" : "");
    }

    /** Collects one NIC's settings. Not thread-safe. */
    public static final class Builder {

        private String netdev;
        private NicModel model = NicModel.RTL8139;
        private boolean vhost;
        private int queues = 1;
        private ProxyPorts ports;
        private ProxyIds ids;

        private Builder() {}

        /** The netdev id the filters attach to (required), e.g. {@code hn0}. */
        public Builder netdev(String id) {
            this.netdev = id;
            return this;
        }

        /** The NIC device model; default {@link NicModel#RTL8139} as in COLO-FT.txt. */
        public Builder model(NicModel nicModel) {
            this.model = Objects.requireNonNull(nicModel, "model");
            return this;
        }

        /** Whether the netdev uses vhost; default false (true is reported as an error). */
        public Builder vhost(boolean on) {
            this.vhost = on;
            return this;
        }

        /** The netdev's queue count; default 1 (anything else is reported as an error). */
        public Builder queues(int count) {
            this.queues = count;
            return this;
        }

        /** Explicit ports for this NIC instead of the plan's; {@code null} returns to the plan. */
        public Builder ports(ProxyPorts explicit) {
            this.ports = explicit;
            return this;
        }

        /** Explicit ids for this NIC; {@code null} returns to {@link ProxyIds#forNic(int)}. */
        public Builder ids(ProxyIds explicit) {
            this.ids = explicit;
            return this;
        }

        /**
         * The NIC.
         *
         * @throws NetfilterValidationException if no netdev was given
         */
        public ProxyNic build() {
            if (netdev == null) {
                throw new NetfilterValidationException(List.of(Problem.error("netdev",
                        "no netdev given; name the netdev the guest NIC uses, e.g. netdev(\"hn0\")")));
            }
            return new ProxyNic(netdev, model, vhost, queues, ports, ids);
        }
    }
}
