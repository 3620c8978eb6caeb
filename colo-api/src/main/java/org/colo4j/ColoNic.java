package org.colo4j;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.ProxyNic;
import org.colo4j.netfilter.ProxyPorts;

/**
 * One network card of the guest and the host network backend behind it. Every NIC of the guest
 * must be a {@code ColoNic}: COLO can only compare the traffic of NICs it proxies.
 *
 * <pre>{@code
 * ColoNic nic = ColoNic.builder().netdev("hn0").backend("tap,ifname=tap0,script=no,downscript=no")
 *         .model(NicModel.VIRTIO_NET_PCI).build();
 * }</pre>
 *
 * <p>The backend is the {@code -netdev} option string without {@code id=} (default {@code user});
 * colo4j renders {@code -netdev <backend>,id=<netdev>} and {@code -device <model>,netdev=<netdev>}.
 * {@code vhost=on} and {@code queues=N>1} in the backend are reported by validation: COLO's filters
 * support neither. The backend is both nodes' unless a node gives its own with
 * {@link ColoNode.Builder#nicBackend(String, String)} (e.g. where the hosts' tap names differ).
 */
public final class ColoNic {

    private static final Pattern QUEUES = Pattern.compile("(?:^|,)queues=(\\d+)");
    private static final String VHOST = "(?:^|.*,)vhost(?:force)?=(on|true|yes)(?:,.*|$)";

    private final String netdev;
    private final String backend;
    private final NicModel model;
    private final ProxyPorts ports;
    private final String mac;

    private ColoNic(Builder b) {
        this.netdev = b.netdev;
        this.backend = b.backend;
        this.model = b.model;
        this.ports = b.ports;
        this.mac = b.mac;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The netdev id, e.g. {@code hn0}. */
    public String netdev() {
        return netdev;
    }

    /** The {@code -netdev} options without {@code id}, e.g. {@code user} or {@code tap,ifname=tap0}. */
    public String backend() {
        return backend;
    }

    public NicModel model() {
        return model;
    }

    /** The proxy ports, or null to take them from the spec's port plan. */
    public ProxyPorts ports() {
        return ports;
    }

    /** The guest MAC address, or null for QEMU's default. */
    public String mac() {
        return mac;
    }

    /** This NIC as the netfilter module models it (vhost and queues read from the backend). */
    ProxyNic toProxyNic() {
        ProxyNic.Builder b = ProxyNic.builder().netdev(netdev).model(model)
                .vhost(backend.matches(VHOST)).queues(queues(backend));
        if (ports != null) {
            b.ports(ports);
        }
        return b.build();
    }

    private static int queues(String backend) {
        Matcher m = QUEUES.matcher(backend);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    /**
     * The problems of a {@code -netdev} backend given as {@code field}: its form, and for a node's own
     * backend (which colo-netfilter does not see) vhost and multiqueue as well.
     */
    static void backendProblems(java.util.List<ColoProblem> p, String field, String backend) {
        if (!backendFormOk(backend)) {
            p.add(new ColoProblem(field, "must be the -netdev options without id=, e.g. user or tap,ifname=tap0;"
                    + " got '" + backend + "'"));
            return;
        }
        if (backend.matches(VHOST)) {
            p.add(new ColoProblem(field, "uses vhost, which COLO's filters do not support (QEMU: \"Vhost is not"
                    + " supported\"): remove vhost=on"));
        }
        if (queues(backend) > 1) {
            p.add(new ColoProblem(field, "has queues=" + queues(backend) + ": COLO's filters support one queue only;"
                    + " remove queues or set queues=1"));
        }
    }

    private static boolean backendFormOk(String backend) {
        return backend != null && !backend.isBlank() && !backend.matches("(?:^|.*,)id=.*")
                && !backend.matches("(?s).*[\\n\\r\\x00].*");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColoNic n && netdev.equals(n.netdev) && backend.equals(n.backend) && model.equals(n.model)
                && Objects.equals(ports, n.ports) && Objects.equals(mac, n.mac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(netdev, backend, model, ports, mac);
    }

    @Override
    public String toString() {
        return "ColoNic[" + netdev + ": " + backend + ", " + model + (mac == null ? "" : ", mac " + mac)
                + (ports == null ? "" : ", ports " + ports) + "]";
    }

    /** Mutable builder. */
    public static final class Builder {
        private String netdev;
        private String backend = "user";
        private NicModel model = NicModel.RTL8139;
        private ProxyPorts ports;
        private String mac;

        private Builder() {}

        /** The netdev id. Required. */
        public Builder netdev(String netdev) {
            this.netdev = netdev;
            return this;
        }

        /** The {@code -netdev} options without {@code id}; default {@code user}. */
        public Builder backend(String backend) {
            this.backend = backend;
            return this;
        }

        /** The NIC model; default rtl8139. */
        public Builder model(NicModel model) {
            this.model = model;
            return this;
        }

        /** Explicit proxy ports for this NIC instead of the port plan's. */
        public Builder ports(ProxyPorts ports) {
            this.ports = ports;
            return this;
        }

        public Builder mac(String mac) {
            this.mac = mac;
            return this;
        }

        /** @throws ColoValidationException if the netdev id, backend or MAC is unusable */
        public ColoNic build() {
            java.util.List<ColoProblem> p = new java.util.ArrayList<>();
            if (netdev == null || !netdev.matches("[A-Za-z][A-Za-z0-9._-]*")) {
                p.add(new ColoProblem("netdev", "must start with a letter, then letters, digits, '.', '_', '-'; got '"
                        + netdev + "'"));
            }
            if (!backendFormOk(backend)) {
                p.add(new ColoProblem("backend", "must be the -netdev options without id=, e.g. user or tap,ifname=tap0;"
                        + " got '" + backend + "'"));
            }
            if (model == null) {
                p.add(new ColoProblem("model", "is required, e.g. NicModel.RTL8139"));
            }
            if (mac != null && !mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
                p.add(new ColoProblem("mac", "must look like 52:54:00:12:34:56, got '" + mac + "'"));
            }
            if (!p.isEmpty()) {
                throw new ColoValidationException("ColoNic " + Objects.toString(netdev, ""), p);
            }
            return new ColoNic(this);
        }
    }
}
