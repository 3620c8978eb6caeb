package org.colo4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.colo4j.blockgraph.DriveArgvRenderer;

/**
 * TLS on COLO's channels between the nodes: the NBD replication (the guest's disk writes), the
 * migration stream (its RAM and device state at every checkpoint) and the proxy's cross-host
 * chardevs (the packets colo-compare compares), all with X.509 certificates and both sides
 * verified. Given once to {@link ColoPairSpec.Builder#tls(ColoTls)}.
 *
 * <pre>{@code
 * ColoTls tls = ColoTls.builder()
 *     .dir(Path.of("/etc/colo/pki"))                        // the same path on every host, each host's own files
 *     .node("secondary2", Path.of("/etc/colo/pki-new"))     // or a node's own path
 *     .build();
 * }</pre>
 *
 * <p>Each node's directory has QEMU's {@code tls-creds-x509} layout: {@code ca-cert.pem} (the CA
 * that issued the other node's certificates), {@code server-cert.pem}/{@code server-key.pem} (a
 * certificate whose subjectAltName holds the node's {@link ColoNode#address()}, which the other node
 * checks it against) and {@code client-cert.pem}/{@code client-key.pem}. Both nodes get both files
 * pairs, because the roles swap at a failover: whoever is the secondary serves NBD and the incoming
 * migration, whoever is the primary serves the proxy chardevs.
 *
 * <p>Each node's argv gets two credential objects, {@value #SERVER_CREDS_ID} ({@code endpoint=server})
 * and {@value #CLIENT_CREDS_ID} ({@code endpoint=client}), both {@code verify-peer=on} (a server
 * requires the client's certificate; a client checks the server's against the address it dials).
 * They are used by the secondary's {@code nbd-server-start} and the primary's NBD clients
 * ({@link Channel#NBD}), by {@code migrate-set-parameters tls-creds} on both nodes with
 * {@code tls-hostname} on the primary ({@link Channel#MIGRATION}), and by the primary's
 * {@code mirror0}/{@code compare1} and the secondary's {@code red0}/{@code red1}
 * ({@link Channel#PROXY}).
 *
 * <p>A node that joins later (the new secondary of {@link ColoPairSpec#afterFailover}) needs a
 * directory too: {@link #dir()} covers it, or add its own first with
 * {@code spec.toBuilder().tls(spec.tls().toBuilder().node("secondary2", path).build()).build()}.
 *
 * <p>Immutable; {@link Builder#build()} validates. The files themselves are read only when
 * {@link Builder#filesOnThisHost(boolean)} says they are here; {@link #checkFiles(ColoNode)} checks
 * one node's files on its own host.
 */
public final class ColoTls {

    /** The id of each node's {@code tls-creds-x509} object with {@code endpoint=server}. */
    public static final String SERVER_CREDS_ID = "colo-tls-server";
    /** The id of each node's {@code tls-creds-x509} object with {@code endpoint=client}. */
    public static final String CLIENT_CREDS_ID = "colo-tls-client";
    /** The files every node's directory must hold, as QEMU's {@code tls-creds-x509} names them. */
    public static final List<String> FILES = List.of(TlsFiles.CA_CERT, TlsFiles.SERVER_CERT, TlsFiles.SERVER_KEY,
            TlsFiles.CLIENT_CERT, TlsFiles.CLIENT_KEY);

    /** A channel between the nodes that TLS can cover. */
    public enum Channel {
        /** The secondary's NBD server and the primary's replication (and resync) NBD clients. */
        NBD,
        /** The COLO migration stream, primary to secondary (checkpoints run over it). */
        MIGRATION,
        /** The proxy's cross-host chardevs: the primary's {@code mirror0}/{@code compare1}, the secondary's {@code red0}/{@code red1}. */
        PROXY
    }

    private final Path dir;
    private final Map<String, Path> nodeDirs;
    private final Set<Channel> channels;
    private final boolean filesOnThisHost;

    private ColoTls(Builder b) {
        this.dir = b.dir;
        this.nodeDirs = Collections.unmodifiableMap(new TreeMap<>(b.nodeDirs));
        this.channels = Collections.unmodifiableSet(EnumSet.copyOf(b.channels));
        this.filesOnThisHost = b.filesOnThisHost;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, e.g. to add the directory of a new secondary. */
    public Builder toBuilder() {
        Builder b = new Builder().dir(dir).channels(channels.toArray(Channel[]::new)).filesOnThisHost(filesOnThisHost);
        nodeDirs.forEach(b::node);
        return b;
    }

    /** The directory every node without its own uses (the same path on each host), or null. */
    public Path dir() {
        return dir;
    }

    /** The nodes' own directories, by node name, sorted. */
    public Map<String, Path> nodeDirs() {
        return nodeDirs;
    }

    /** The directory of the node called {@code nodeName}: its own, else {@link #dir()}; null when neither is given. */
    public Path dirOf(String nodeName) {
        return nodeDirs.getOrDefault(Objects.requireNonNull(nodeName, "nodeName"), dir);
    }

    /** The channels TLS covers; all three by default. */
    public Set<Channel> channels() {
        return channels;
    }

    /** Whether {@link ColoPairSpec.Builder#build()} reads both nodes' files on this host. */
    public boolean filesOnThisHost() {
        return filesOnThisHost;
    }

    /** Whether TLS covers {@code channel}. */
    public boolean covers(Channel channel) {
        return channels.contains(channel);
    }

    /** Whether the NBD replication is encrypted (silences a plain-text NBD warning). */
    public boolean coversNbd() {
        return covers(Channel.NBD);
    }

    /** Whether the migration stream is encrypted (silences a plain-text migration warning). */
    public boolean coversMigration() {
        return covers(Channel.MIGRATION);
    }

    /** Whether the proxy's cross-host chardevs are encrypted (silences a plain-text proxy warning). */
    public boolean coversProxy() {
        return covers(Channel.PROXY);
    }

    /**
     * The node's two credential objects, as argv: {@code -object tls-creds-x509,id=colo-tls-server,
     * endpoint=server,dir=<dir>,verify-peer=on} and the same with {@code endpoint=client}.
     *
     * @throws IllegalArgumentException if no directory is given for {@code nodeName}
     */
    public List<String> argv(String nodeName) {
        Path d = dirOf(nodeName);
        if (d == null) {
            throw new IllegalArgumentException("no TLS directory for node '" + nodeName + "'");
        }
        String escaped = DriveArgvRenderer.escape(d.toString());
        return List.of("-object", "tls-creds-x509,id=" + SERVER_CREDS_ID + ",endpoint=server,dir=" + escaped + ",verify-peer=on",
                "-object", "tls-creds-x509,id=" + CLIENT_CREDS_ID + ",endpoint=client,dir=" + escaped + ",verify-peer=on");
    }

    /**
     * Checks {@code node}'s own files where this runs (e.g. by an agent on the node's host): all five
     * present and readable, the certificates parseable and valid now, both issued by a CA in its own
     * {@code ca-cert.pem} (QEMU refuses to create the object otherwise), and the server certificate's
     * subjectAltName holding the node's address. Empty when all is well.
     */
    public List<ColoProblem> checkFiles(ColoNode node) {
        Objects.requireNonNull(node, "node");
        Path d = dirOf(node.name());
        if (d == null) {
            return List.of(TlsFiles.noDir(node.name()));
        }
        return TlsFiles.read(node, d).problems();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColoTls t && Objects.equals(dir, t.dir) && nodeDirs.equals(t.nodeDirs)
                && channels.equals(t.channels) && filesOnThisHost == t.filesOnThisHost;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dir, nodeDirs, channels, filesOnThisHost);
    }

    @Override
    public String toString() {
        return "TLS on " + channels.stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList()
                + (dir == null ? "" : ", x509 files in " + dir) + (nodeDirs.isEmpty() ? "" : ", per node " + nodeDirs)
                + (filesOnThisHost ? " (checked on this host)" : "");
    }

    /** Mutable builder; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private Path dir;
        private final Map<String, Path> nodeDirs = new TreeMap<>();
        private Set<Channel> channels = EnumSet.allOf(Channel.class);
        private boolean filesOnThisHost;

        private Builder() {}

        /**
         * The x509 directory of every node that has none of its own: the same absolute path on each
         * host, each host holding its own files there (QEMU's default is {@code /etc/pki/qemu}).
         */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** The x509 directory of the node called {@code nodeName} ({@link ColoNode#name()}), an absolute path on its host. */
        public Builder node(String nodeName, Path dir) {
            nodeDirs.put(Objects.requireNonNull(nodeName, "nodeName"), Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /** The channels to encrypt; all by default. Leaving one out leaves it plain text. */
        public Builder channels(Channel... channels) {
            this.channels = channels.length == 0 ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(List.of(channels));
            return this;
        }

        /**
         * Whether both nodes' directories are readable on the host that builds the spec (one host, or
         * a shared mount): then {@link ColoPairSpec.Builder#build()} reads every file and reports what
         * QEMU would refuse, including certificates the other node would not trust (another CA) and
         * server certificates without the node's address. Default false: the files live on the nodes'
         * hosts, where QEMU checks them when it starts; {@link ColoTls#checkFiles} checks one node there.
         */
        public Builder filesOnThisHost(boolean here) {
            this.filesOnThisHost = here;
            return this;
        }

        /** @throws ColoValidationException listing every problem */
        public ColoTls build() {
            List<ColoProblem> problems = new ArrayList<>();
            if (dir == null && nodeDirs.isEmpty()) {
                problems.add(new ColoProblem("tls.dir", "no x509 directory given: set dir(path) for every node, or"
                        + " node(name, path) for each"));
            }
            if (dir != null) {
                checkDir(problems, "tls.dir", dir);
            }
            nodeDirs.forEach((name, d) -> checkDir(problems, "tls[" + name + "]", d));
            if (channels.isEmpty()) {
                problems.add(new ColoProblem("tls.channels", "is empty: name at least one channel, or leave TLS out"));
            }
            if (!problems.isEmpty()) {
                throw new ColoValidationException("ColoTls", problems);
            }
            return new ColoTls(this);
        }

        private static void checkDir(List<ColoProblem> problems, String field, Path d) {
            String s = d.toString();
            if (!d.isAbsolute()) {
                problems.add(new ColoProblem(field, "must be an absolute path (QEMU would resolve '" + s
                        + "' against its own working directory), got '" + s + "'"));
            }
            if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                problems.add(new ColoProblem(field, "contains a line break, which cannot be passed in QEMU's -object"
                        + " option: rename the directory"));
            }
        }
    }
}
