package org.colo4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;

/**
 * One host of a COLO pair: its VM's name, the address the other node reaches it at, where its own
 * servers listen, its QMP endpoint, and the ports of the servers it runs as a secondary (incoming
 * migration, NBD).
 *
 * <pre>{@code
 * ColoNode secondary = ColoNode.builder().name("secondary").address("192.0.2.20")
 *         .qmp(QmpEndpoint.unix(Path.of("/run/colo/secondary.qmp"))).build();
 * }</pre>
 *
 * <p>Servers listen on {@link #listenAddress()}, by default the node's own {@link #address()} rather
 * than COLO-FT.txt's {@code 0.0.0.0}: COLO's channels are unauthenticated, so they should not listen
 * on every interface.
 *
 * <p>What differs between the two hosts belongs to the node, so that it stays with its host when the
 * roles swap after a failover: its own {@link Builder#machine machine part} (QEMU binary, accelerator,
 * serial and log paths, extra arguments) instead of the spec's shared one, its own
 * {@link Builder#nicBackend backend} for a NIC (a different tap name, or the one QEMU on a host that
 * may forward ports with {@code -netdev user,hostfwd=...}), and the {@link Builder#qemuVersion version}
 * of the QEMU on its host.
 *
 * <pre>{@code
 * ColoNode hostB = ColoNode.builder().name("vm-b").address("192.0.2.20")
 *         .qmp(QmpEndpoint.unix(Path.of("/run/colo/vm.qmp")))
 *         .machine(shared.toBuilder().binary("/opt/qemu-10.0/bin/qemu-system-x86_64")
 *                 .serial("file:/var/log/colo/vm-b.serial").build())
 *         .nicBackend("hn0", "tap,ifname=tap-b,script=no,downscript=no")
 *         .qemuVersion(QemuVersion.of(10, 0, 13))
 *         .build();
 * }</pre>
 */
public final class ColoNode {

    /** COLO-FT.txt's incoming migration port. */
    public static final int DEFAULT_MIGRATION_PORT = 9998;
    /** COLO-FT.txt's NBD port. */
    public static final int DEFAULT_NBD_PORT = 9999;

    private final String name;
    private final String address;
    private final String listenAddress;
    private final boolean listenAddressSet;
    private final QmpEndpoint qmp;
    private final QmpEndpoint qmpConnect;
    private final boolean plainTextQmpAllowed;
    private final int migrationPort;
    private final int nbdPort;
    private final QemuCommandLine machine;
    private final Map<String, String> nicBackends;
    private final QemuVersion qemuVersion;

    private ColoNode(Builder b) {
        this.name = b.name;
        this.address = b.address;
        this.listenAddress = b.listenAddress == null ? b.address : b.listenAddress;
        this.listenAddressSet = b.listenAddress != null;
        this.qmp = b.qmp;
        this.qmpConnect = b.qmpConnect;
        this.plainTextQmpAllowed = b.plainTextQmpAllowed;
        this.migrationPort = b.migrationPort;
        this.nbdPort = b.nbdPort;
        this.machine = b.machine;
        this.nicBackends = Collections.unmodifiableMap(new LinkedHashMap<>(b.nicBackends));
        this.qemuVersion = b.qemuVersion;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this node's values, e.g. to make the replacement of a dead node. A listen
     * address that was only defaulted to the address stays a default, so it follows a new address.
     */
    public Builder toBuilder() {
        Builder b = new Builder().name(name).address(address).listenAddress(listenAddressSet ? listenAddress : null).qmp(qmp)
                .qmpConnect(qmpConnect).allowPlainTextQmp(plainTextQmpAllowed).migrationPort(migrationPort).nbdPort(nbdPort)
                .machine(machine).qemuVersion(qemuVersion);
        nicBackends.forEach(b::nicBackend);
        return b;
    }

    /** The VM's name ({@code -name}), also used in messages. */
    public String name() {
        return name;
    }

    /** The address the other node connects to. */
    public String address() {
        return address;
    }

    /** The address this node's servers bind to; defaults to {@link #address()}. */
    public String listenAddress() {
        return listenAddress;
    }

    /** Whether the listen address was given, rather than defaulted to the address. */
    boolean listenAddressGiven() {
        return listenAddressSet;
    }

    /**
     * Where this node's QEMU listens for QMP, on its own host (rendered as
     * {@code -qmp ...,server=on,wait=off}); also where colo4j connects unless {@link #qmpConnect()}
     * says otherwise.
     */
    public QmpEndpoint qmp() {
        return qmp;
    }

    /**
     * How the controller reaches this node's QMP monitor: {@link #qmp()} unless a different endpoint
     * was given with {@link Builder#qmpConnect}, e.g. a local port forwarded over SSH to the unix
     * socket QEMU listens on at its host.
     */
    public QmpEndpoint qmpConnect() {
        return qmpConnect == null ? qmp : qmpConnect;
    }

    /** The endpoint given with {@link Builder#qmpConnect}, or null when it was not. */
    QmpEndpoint qmpConnectGiven() {
        return qmpConnect;
    }

    /** Whether plain-text QMP on a non-loopback TCP address was explicitly allowed. */
    public boolean plainTextQmpAllowed() {
        return plainTextQmpAllowed;
    }

    /** The port this node accepts the incoming COLO migration on, as a secondary. */
    public int migrationPort() {
        return migrationPort;
    }

    /** The port of this node's NBD server, as a secondary. */
    public int nbdPort() {
        return nbdPort;
    }

    /** This node's own machine part, replacing the spec's shared one; empty when it uses the shared one. */
    public Optional<QemuCommandLine> machine() {
        return Optional.ofNullable(machine);
    }

    /**
     * This node's own {@code -netdev} backends by netdev id, replacing the {@link ColoNic#backend()}
     * of those NICs on this node; empty when every NIC uses its shared backend.
     */
    public Map<String, String> nicBackends() {
        return nicBackends;
    }

    /** The version of the QEMU on this node's host, when given; empty: the spec's, or probed. */
    public Optional<QemuVersion> qemuVersion() {
        return Optional.ofNullable(qemuVersion);
    }

    /** {@code tcp:<address>:<migrationPort>}, what the primary's {@code migrate} connects to. */
    public String migrationUri() {
        return "tcp:" + bracket(address) + ":" + migrationPort;
    }

    /** {@code tcp:<listenAddress>:<migrationPort>}, what this node's {@code migrate-incoming} listens on. */
    public String incomingUri() {
        return "tcp:" + bracket(listenAddress) + ":" + migrationPort;
    }

    private static String bracket(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColoNode n && name.equals(n.name) && address.equals(n.address)
                && listenAddress.equals(n.listenAddress) && qmp.equals(n.qmp) && Objects.equals(qmpConnect, n.qmpConnect)
                && plainTextQmpAllowed == n.plainTextQmpAllowed && migrationPort == n.migrationPort
                && nbdPort == n.nbdPort && Objects.equals(machine, n.machine) && nicBackends.equals(n.nicBackends)
                && Objects.equals(qemuVersion, n.qemuVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, address, listenAddress, qmp, qmpConnect, plainTextQmpAllowed, migrationPort, nbdPort, machine,
                nicBackends, qemuVersion);
    }

    @Override
    public String toString() {
        return name + "@" + address + (listenAddress.equals(address) ? "" : " (listens on " + listenAddress + ")")
                + " qmp=" + qmp + (qmpConnect == null ? "" : " (reached at " + qmpConnect + ")") + " migration=" + migrationPort
                + " nbd=" + nbdPort + (qemuVersion == null ? "" : " QEMU " + qemuVersion)
                + (nicBackends.isEmpty() ? "" : " nic backends " + nicBackends)
                + (machine == null ? "" : " machine: " + machine);
    }

    /** Mutable builder; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private String name;
        private String address;
        private String listenAddress;
        private QmpEndpoint qmp;
        private QmpEndpoint qmpConnect;
        private boolean plainTextQmpAllowed;
        private int migrationPort = DEFAULT_MIGRATION_PORT;
        private int nbdPort = DEFAULT_NBD_PORT;
        private QemuCommandLine machine;
        private final Map<String, String> nicBackends = new LinkedHashMap<>();
        private QemuVersion qemuVersion;

        private Builder() {}

        /** The VM name: letters, digits, {@code -}, {@code _}, {@code .}. Required. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The address the other node reaches this one at (IPv4, IPv6 or host name). Required. */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /** Where this node's servers bind; defaults to {@link #address(String)}. */
        public Builder listenAddress(String listenAddress) {
            this.listenAddress = listenAddress;
            return this;
        }

        /**
         * Where this node's QEMU listens for QMP on its own host; colo4j also connects there unless
         * {@link #qmpConnect} is given. Required. A TCP endpoint on a non-loopback address is refused
         * unless {@link #allowPlainTextQmp(boolean)}: QMP has no authentication and gives full control
         * of the VM.
         */
        public Builder qmp(QmpEndpoint qmp) {
            this.qmp = qmp;
            return this;
        }

        /**
         * How the controller reaches the QMP monitor, when that differs from where QEMU listens: e.g.
         * QEMU listens on {@code unix:/run/colo/vm.qmp} on its host and the controller connects to
         * {@code QmpEndpoint.tcp("127.0.0.1", 14444)}, a port forwarded there by
         * {@code ssh -L 14444:/run/colo/vm.qmp host}. Null (the default) means {@link #qmp}.
         */
        public Builder qmpConnect(QmpEndpoint endpoint) {
            this.qmpConnect = endpoint;
            return this;
        }

        /**
         * Allows QEMU to listen for QMP on a non-loopback TCP address. QMP is plain text without
         * authentication: anyone who reaches the port controls the VM. Prefer a unix socket and an
         * SSH-forwarded {@link #qmpConnect}.
         */
        public Builder allowPlainTextQmp(boolean allow) {
            this.plainTextQmpAllowed = allow;
            return this;
        }

        public Builder migrationPort(int port) {
            this.migrationPort = port;
            return this;
        }

        public Builder nbdPort(int port) {
            this.nbdPort = port;
            return this;
        }

        /**
         * This node's whole machine part, used instead of the spec's {@link ColoPairSpec.Builder#machine}
         * for this node: e.g. its host's QEMU binary, accelerator options, serial or log paths. Derive it
         * from the shared one ({@code shared.toBuilder().binary(...).build()}): the machine type,
         * memory, CPU count and CPU model must stay the same on both nodes (the spec checks). Null
         * (the default) uses the spec's.
         */
        public Builder machine(QemuCommandLine machine) {
            this.machine = machine;
            return this;
        }

        /**
         * This node's {@code -netdev} options (without {@code id=}) for the NIC {@code netdev},
         * instead of that NIC's shared {@link ColoNic#backend()}: e.g. {@code tap,ifname=tap-b} where
         * the hosts' tap names differ, or {@code user,hostfwd=tcp::2222-:22} on only one of two QEMUs
         * sharing a host. A null backend removes this node's own.
         */
        public Builder nicBackend(String netdev, String backend) {
            Objects.requireNonNull(netdev, "netdev");
            if (backend == null) {
                nicBackends.remove(netdev);
            } else {
                nicBackends.put(netdev, backend);
            }
            return this;
        }

        /**
         * The version of the QEMU that runs this node, when its host's build differs from the
         * other's or cannot be probed here; null (the default) takes the spec's
         * {@link ColoPairSpec.Builder#qemuVersion}, else probes this node's machine binary on this host.
         */
        public Builder qemuVersion(QemuVersion version) {
            this.qemuVersion = version;
            return this;
        }

        /** @throws ColoValidationException listing every problem */
        public ColoNode build() {
            List<ColoProblem> problems = problems("");
            if (!problems.isEmpty()) {
                throw new ColoValidationException("ColoNode " + name, problems);
            }
            return new ColoNode(this);
        }

        List<ColoProblem> problems(String prefix) {
            List<ColoProblem> p = new ArrayList<>();
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                p.add(new ColoProblem(prefix + "name", "must be letters, digits, '.', '_' or '-' (it becomes -name), got '"
                        + name + "'"));
            }
            checkHost(p, prefix + "address", address, true);
            checkHost(p, prefix + "listenAddress", listenAddress, false);
            if (qmp == null) {
                p.add(new ColoProblem(prefix + "qmp", "is required: give the QMP endpoint, e.g. QmpEndpoint.unix(path)"));
            } else if (qmp instanceof QmpEndpoint.Tcp tcp && !isLoopback(tcp.host()) && !plainTextQmpAllowed) {
                p.add(new ColoProblem(prefix + "qmp", "is plain-text TCP on " + tcp.host() + ": QMP has no authentication, and"
                        + " anyone who reaches " + tcp + " controls the VM. Listen on a unix socket or loopback and reach it"
                        + " through qmpConnect(...) (e.g. an SSH-forwarded port), or allowPlainTextQmp(true) if the network"
                        + " is trusted"));
            }
            checkPort(p, prefix + "migrationPort", migrationPort);
            checkPort(p, prefix + "nbdPort", nbdPort);
            if (migrationPort == nbdPort) {
                p.add(new ColoProblem(prefix + "nbdPort", "equals migrationPort " + migrationPort
                        + ": the NBD server and the incoming migration need different ports"));
            }
            nicBackends.forEach((netdev, backend) -> ColoNic.backendProblems(p, prefix + "nicBackends." + netdev, backend));
            return p;
        }

        private static void checkHost(List<ColoProblem> p, String field, String host, boolean required) {
            if (host == null) {
                if (required) {
                    p.add(new ColoProblem(field, "is required: the address the other node connects to, e.g. 192.0.2.20"));
                }
                return;
            }
            if (host.startsWith("[")) {
                p.add(new ColoProblem(field, "must be the bare address without brackets (e.g. fd00::2, not [fd00::2]):"
                        + " colo4j adds brackets where QEMU's syntax needs them; got '" + host + "'"));
            } else if (host.isBlank() || !host.matches("[A-Za-z0-9.:\\-%]+")) {
                p.add(new ColoProblem(field, "must be an IP address or host name, got '" + host + "'"));
            } else if (required && (host.equals("0.0.0.0") || host.equals("::"))) {
                p.add(new ColoProblem(field, "is a wildcard (" + host + "); the other node cannot connect to it: give this"
                        + " node's real address, and use listenAddress for the bind address"));
            }
        }

        /** Whether {@code host} is a loopback address: 127.0.0.0/8, ::1 or localhost. */
        static boolean isLoopback(String host) {
            return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
        }

        private static void checkPort(List<ColoProblem> p, String field, int port) {
            if (port < 1 || port > 65535) {
                p.add(new ColoProblem(field, "must be 1-65535, got " + port));
            }
        }
    }
}
