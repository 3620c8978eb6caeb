package org.colo4j.netfilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The COLO proxy of a primary/secondary pair: for every guest NIC, the primary's mirror, redirectors,
 * iothread and colo-compare with their six chardevs, and the secondary's two redirectors, rewriter
 * and two chardevs, wired as in QEMU's docs/COLO-FT.txt.
 *
 * <pre>{@code
 * ColoProxy proxy = ColoProxy.builder()
 *     .primaryAddress("10.0.0.1")                     // where the secondary's red0/red1 connect
 *     .nic(ProxyNic.builder().netdev("hn0").build())  // ids m0, comp0, ... and ports 9001-9005
 *     .nic(ProxyNic.builder().netdev("hn1").model(NicModel.VIRTIO_NET_PCI).build())  // nic1-m0, ... 9011-9015
 *     .tls("tls-server0", "tls-client0")
 *     .build();
 * proxy.primary().chardevs();   proxy.secondary().objects();   proxy.warnings();
 * }</pre>
 *
 * <p>{@link Builder#build()} checks everything at once (settings, every NIC, both nodes, the pairing
 * between them) and throws {@link NetfilterValidationException} listing every error with the field
 * to fix; risky but working choices are returned by {@link #warnings()}. Immutable.
 */
public final class ColoProxy {

    private final String primaryAddress;
    private final List<ProxyNic> nics;
    private final NodeProxy primary;
    private final NodeProxy secondary;
    private final List<Problem> warnings;

    private ColoProxy(String primaryAddress, List<ProxyNic> nics, NodeProxy primary, NodeProxy secondary,
            List<Problem> warnings) {
        this.primaryAddress = primaryAddress;
        this.nics = List.copyOf(nics);
        this.primary = primary;
        this.secondary = secondary;
        this.warnings = List.copyOf(warnings);
    }

    /** A new builder with COLO-FT.txt's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Pairs two custom nodes after checking that they fit: the same NICs on both, every NIC mirrored
     * and compared, and every secondary chardev connecting to the right primary chardev at
     * {@code primaryAddress}.
     *
     * @param primaryAddress the address the secondary reaches the primary at
     * @param primary the primary's proxy
     * @param secondary the secondary's proxy
     * @throws NetfilterValidationException listing every pairing error
     */
    public static ColoProxy of(String primaryAddress, NodeProxy primary, NodeProxy secondary) {
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        List<Problem> found = new ArrayList<>(PairRules.check(primaryAddress, primary, secondary));
        throwErrors(found);
        List<Problem> warn = new ArrayList<>();
        primary.warnings().forEach(w -> warn.add(w.under("primary.")));
        secondary.warnings().forEach(w -> warn.add(w.under("secondary.")));
        warn.addAll(found);
        return new ColoProxy(primaryAddress, List.of(), primary, secondary, warn);
    }

    /** The address the secondary's chardevs connect to. */
    public String primaryAddress() {
        return primaryAddress;
    }

    /** The NICs with their ports and ids filled in; empty for a pair made with {@link #of}. */
    public List<ProxyNic> nics() {
        return nics;
    }

    /** Everything the primary QEMU needs. */
    public NodeProxy primary() {
        return primary;
    }

    /** Everything the secondary QEMU needs. */
    public NodeProxy secondary() {
        return secondary;
    }

    /** Risky but working choices, e.g. a chardev listening on 0.0.0.0 without TLS; empty when none. */
    public List<Problem> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColoProxy p && primaryAddress.equals(p.primaryAddress) && nics.equals(p.nics)
                && primary.equals(p.primary) && secondary.equals(p.secondary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(primaryAddress, nics, primary, secondary);
    }

    @Override
    public String toString() {
        return "ColoProxy[primaryAddress=" + primaryAddress
                + (nics.isEmpty() ? "" : ", nics=" + nics.stream().map(ProxyNic::toString)
                        .collect(Collectors.joining("; ", "[", "]")))
                + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)")
                + "]\n primary " + primary + "\n secondary " + secondary;
    }

    private static void throwErrors(List<Problem> problems) {
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) {
            throw new NetfilterValidationException(errors);
        }
        problems.removeIf(Problem::isError);
    }

    /** Collects the pair's settings and NICs. Not thread-safe. */
    public static final class Builder {

        private String primaryAddress;
        private String listenAddress = "0.0.0.0";
        private PortPlan portPlan = PortPlan.defaults();
        private final List<ProxyNic> nics = new ArrayList<>();
        private boolean waitForSecondary;
        private Duration reconnect = Duration.ofSeconds(1);
        private String serverTlsCreds;
        private String clientTlsCreds;

        private Builder() {}

        /** The address the secondary reaches the primary at (required; COLO-FT.txt's {@code $primary_ip}). */
        public Builder primaryAddress(String address) {
            this.primaryAddress = address;
            return this;
        }

        /**
         * The address the primary's cross-host chardevs ({@code mirror0}, {@code compare1}) listen on;
         * default {@code 0.0.0.0} as in COLO-FT.txt (which draws a warning without TLS). Use the
         * primary's replication-network address to listen there only.
         */
        public Builder listenAddress(String address) {
            this.listenAddress = address;
            return this;
        }

        /** How ports are handed to NICs without explicit {@link ProxyPorts}; default {@link PortPlan#defaults()}. */
        public Builder portPlan(PortPlan plan) {
            this.portPlan = Objects.requireNonNull(plan, "portPlan");
            return this;
        }

        /** Adds a guest NIC; list every NIC of the guest, in a fixed order (it decides default ids and ports). */
        public Builder nic(ProxyNic nic) {
            nics.add(Objects.requireNonNull(nic, "nic"));
            return this;
        }

        /**
         * Whether the primary's {@code compare1} waits for the secondary at start-up ({@code wait=on}, as
         * in COLO-FT.txt). Default {@code false}.
         *
         * <p>With {@code wait=on} the primary QEMU blocks while creating {@code compare1} until the
         * secondary's {@code red1} connects: its QMP socket does not answer, and it hangs forever if the
         * secondary is absent. So the secondary must be started first (its reconnecting {@code red1}
         * then connects within one reconnect interval). With {@code wait=off} (the default) the
         * primary starts on its own and stays manageable; this is safe because the guest is started
         * paused ({@code -S}) and COLO compares nothing before {@code migrate}: by then {@code red1}
         * has connected (check {@code qom-get /chardevs/compare1 connected} before migrating).
         */
        public Builder waitForSecondary(boolean wait) {
            this.waitForSecondary = wait;
            return this;
        }

        /**
         * How often the secondary's {@code red0}/{@code red1} retry connecting; default 1 s as in
         * COLO-FT.txt. QEMU before 9.2 takes whole seconds ({@code reconnect=1}), 9.2 and later
         * milliseconds ({@code reconnect-ms=1000}). {@code null} disables reconnect (warned about).
         */
        public Builder reconnect(Duration interval) {
            this.reconnect = interval;
            return this;
        }

        /**
         * Puts TLS on the cross-host chardevs: {@code tls-creds=serverCreds} on the primary's
         * {@code mirror0}/{@code compare1} and {@code tls-creds=clientCreds} on the secondary's
         * {@code red0}/{@code red1}. The {@code tls-creds-x509} objects ({@code endpoint=server} on the
         * primary, {@code endpoint=client} on the secondary) are created by the caller.
         *
         * @param serverCreds id of the primary's server credentials object
         * @param clientCreds id of the secondary's client credentials object
         */
        public Builder tls(String serverCreds, String clientCreds) {
            this.serverTlsCreds = Objects.requireNonNull(serverCreds, "serverCreds");
            this.clientTlsCreds = Objects.requireNonNull(clientCreds, "clientCreds");
            return this;
        }

        /**
         * The validated pair.
         *
         * @throws NetfilterValidationException listing every error, each with its field and fix
         */
        public ColoProxy build() {
            List<Problem> problems = new ArrayList<>(settings());
            if (nics.isEmpty()) {
                throwErrors(problems);
            }
            // Missing addresses are already reported; stand-ins let every other check run too.
            String connectTo = primaryAddress == null || primaryAddress.isBlank() ? "primary.invalid" : primaryAddress;
            String listenOn = listenAddress == null || listenAddress.isBlank() ? "0.0.0.0" : listenAddress;
            List<ProxyNic> resolved = new ArrayList<>();
            for (int i = 0; i < nics.size(); i++) {
                ProxyNic n = nics.get(i);
                resolved.add(n.resolved(n.ports() != null ? n.ports() : portPlan.portsFor(i),
                        n.ids() != null ? n.ids() : ProxyIds.forNic(i)));
            }
            ProxyLayout layout = ProxyLayout.of(new ProxyLayout.Settings(connectTo, listenOn,
                    waitForSecondary, reconnect, serverTlsCreds, clientTlsCreds), resolved);
            NodeProxy p = layout.primary();
            NodeProxy s = layout.secondary();
            List<Problem> nodeProblems = new ArrayList<>();
            NodeRules.check(p).forEach(x -> nodeProblems.add(x.under("primary.")));
            NodeRules.check(s).forEach(x -> nodeProblems.add(x.under("secondary.")));
            // Pairing matches NICs by netdev; with a netdev listed twice (already reported) it would give wrong port advice.
            if (nics.stream().map(ProxyNic::netdev).distinct().count() == nics.size()) {
                nodeProblems.addAll(PairRules.check(connectTo, p, s));
            }
            Set<String> errorFields = new HashSet<>();
            problems.stream().filter(Problem::isError).forEach(x -> errorFields.add(x.field()));
            Set<Problem> warnings = new LinkedHashSet<>();
            for (Problem raw : nodeProblems) {
                Problem x = layout.translate(raw);
                if (!x.isError()) {
                    warnings.add(x);
                } else if (errorFields.add(x.field())) {
                    problems.add(x);
                }
            }
            throwErrors(problems);
            List<Problem> nodeWarnings = List.copyOf(warnings);
            return new ColoProxy(primaryAddress, resolved, p.withWarnings(List.of()), s.withWarnings(List.of()),
                    nodeWarnings);
        }

        private List<Problem> settings() {
            List<Problem> problems = new ArrayList<>();
            if (primaryAddress == null || primaryAddress.isBlank()) {
                problems.add(Problem.error("primaryAddress", "no primary address given; set the address the "
                        + "secondary reaches the primary at, e.g. primaryAddress(\"10.0.0.1\")"));
            } else if (QemuText.isWildcard(primaryAddress)) {
                problems.add(Problem.error("primaryAddress", primaryAddress + " is a listen-anywhere address, not "
                        + "one the secondary can connect to; give the primary's real address"));
            } else if (QemuText.hasControlBreak(primaryAddress)) {
                problems.add(Problem.error("primaryAddress", "the primary address contains a newline or NUL; "
                        + "give a plain address"));
            }
            if (listenAddress == null || listenAddress.isBlank()) {
                problems.add(Problem.error("listenAddress", "no listen address; use 0.0.0.0 or the primary's "
                        + "replication-network address"));
            }
            if (nics.isEmpty()) {
                problems.add(Problem.error("nics", "no NIC given; add every guest NIC, e.g. "
                        + "nic(ProxyNic.of(\"hn0\")) (a guest without NICs needs no COLO proxy)"));
            }
            boolean planned = nics.stream().anyMatch(n -> n.ports() == null);
            if (planned && portPlan.stride() < PortPlan.MIN_STRIDE) {
                problems.add(Problem.error("portPlan.stride", "stride " + portPlan.stride() + " makes the NICs' "
                        + "port blocks overlap (each NIC needs " + PortPlan.MIN_STRIDE + " ports); use a stride of at least "
                        + PortPlan.MIN_STRIDE));
            }
            if (planned && !NodeRules.validPort(portPlan.basePort())) {
                problems.add(Problem.error("portPlan.basePort", "base port " + portPlan.basePort() + " is not a TCP "
                        + "port; use an integer from 1 to 65535 (the plan uses basePort .. basePort+4 for NIC 0)"));
            }
            Set<String> netdevs = new HashSet<>();
            for (int i = 0; i < nics.size(); i++) {
                if (!netdevs.add(nics.get(i).netdev())) {
                    problems.add(Problem.error("nics[" + i + "].netdev", "netdev " + nics.get(i).netdev()
                            + " is listed twice; list each guest NIC once"));
                }
            }
            return problems;
        }
    }
}
