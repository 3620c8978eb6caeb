package org.colo4j.blockgraph;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The block replication of one COLO pair: every replicated disk (each a {@link DiskPair}) and the
 * secondary's NBD server, which serves all of the pair's exports on one address.
 *
 * <pre>{@code
 * BlockReplication replication = BlockReplication.builder()
 *     .nbdServer("0.0.0.0", 9999)              // where the secondary listens
 *     .nbdTarget("127.0.0.2", 9999)            // where the primary connects
 *     .disk(PrimaryDisk.builder(0).image(DiskImage.qcow2(primaryImage)),
 *           SecondaryDisk.builder(0).parentImage(DiskImage.qcow2(copy))
 *               .activeImage(DiskImage.qcow2(active)).hiddenImage(DiskImage.qcow2(hidden)))
 *     .inspectImages(QemuImg.onPath(), Side.SECONDARY)   // optional: check the files too
 *     .build();
 * List<String> argv = DriveArgvRenderer.secondary(replication);
 * }</pre>
 *
 * <p>Immutable. {@link Builder#build()} checks every rule over every disk and reports all problems
 * at once, each naming its field (e.g. {@code disks[1].secondary.hiddenImage}) and the fix.
 */
public final class BlockReplication {

    private final List<DiskPair> disks;
    private final NbdAddress nbdServer;
    private final NbdAddress nbdTarget;
    private final String nbdServerTlsCreds;
    private final String nbdClientTlsCreds;

    private BlockReplication(List<DiskPair> disks, NbdAddress nbdServer, NbdAddress nbdTarget, String nbdServerTlsCreds,
            String nbdClientTlsCreds) {
        this.disks = List.copyOf(disks);
        this.nbdServer = nbdServer;
        this.nbdTarget = nbdTarget;
        this.nbdServerTlsCreds = nbdServerTlsCreds;
        this.nbdClientTlsCreds = nbdClientTlsCreds;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values (image inspection is not carried over). */
    public Builder toBuilder() {
        Builder b = new Builder().nbdServer(nbdServer);
        if (!nbdTarget.equals(nbdServer)) {
            b.nbdTarget(nbdTarget);
        }
        if (nbdServerTlsCreds != null) {
            b.nbdTls(nbdServerTlsCreds, nbdClientTlsCreds);
        }
        disks.forEach(b::disk);
        return b;
    }

    /** The disk pairs, in the order they were added (the order of the argv and of the plans). */
    public List<DiskPair> disks() {
        return disks;
    }

    /** The primary side of every disk, in order. */
    public List<PrimaryDisk> primaryDisks() {
        return disks.stream().map(DiskPair::primary).toList();
    }

    /** The secondary side of every disk, in order. */
    public List<SecondaryDisk> secondaryDisks() {
        return disks.stream().map(DiskPair::secondary).toList();
    }

    /** The disk pair whose primary or secondary quorum has id {@code quorumId}, if any. */
    public Optional<DiskPair> disk(String quorumId) {
        return disks.stream().filter(d -> d.primary().quorumId().equals(quorumId)
                || d.secondary().quorumId().equals(quorumId)).findFirst();
    }

    /** Where the secondary's NBD server listens ({@code nbd-server-start}). */
    public NbdAddress nbdServer() {
        return nbdServer;
    }

    /** Where the primary's NBD clients connect: the explicit target, else {@link #nbdServer()}. */
    public NbdAddress nbdTarget() {
        return nbdTarget;
    }

    /**
     * The id of the secondary's {@code tls-creds-x509} object ({@code endpoint=server}) its NBD server
     * uses ({@code nbd-server-start tls-creds}), or null for plain text.
     */
    public String nbdServerTlsCreds() {
        return nbdServerTlsCreds;
    }

    /**
     * The id of the primary's {@code tls-creds-x509} object ({@code endpoint=client}) its NBD clients
     * use (the replication child's and the resync target's {@code tls-creds}), or null for plain text.
     * QEMU checks the server's certificate against the client's host, {@link #nbdTarget()}.
     */
    public String nbdClientTlsCreds() {
        return nbdClientTlsCreds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockReplication r && disks.equals(r.disks) && nbdServer.equals(r.nbdServer)
                && nbdTarget.equals(r.nbdTarget) && Objects.equals(nbdServerTlsCreds, r.nbdServerTlsCreds)
                && Objects.equals(nbdClientTlsCreds, r.nbdClientTlsCreds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(disks, nbdServer, nbdTarget, nbdServerTlsCreds, nbdClientTlsCreds);
    }

    /** One line for the NBD addresses, then one line per disk side. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("BlockReplication[NBD server ").append(nbdServer)
                .append(", primary connects to ").append(nbdTarget)
                .append(nbdServerTlsCreds == null ? "" : ", TLS " + nbdServerTlsCreds + "/" + nbdClientTlsCreds)
                .append(", ").append(disks.size())
                .append(disks.size() == 1 ? " disk" : " disks");
        for (int i = 0; i < disks.size(); i++) {
            b.append("\n  disks[").append(i).append("].primary   ").append(disks.get(i).primary());
            b.append("\n  disks[").append(i).append("].secondary ").append(disks.get(i).secondary());
        }
        return b.append("\n]").toString();
    }

    /** Mutable builder; {@link #build()} validates everything at once. */
    public static final class Builder {
        private final List<DiskPair> disks = new ArrayList<>();
        private NbdAddress nbdServer;
        private NbdAddress nbdTarget;
        private String nbdServerTlsCreds;
        private String nbdClientTlsCreds;
        private QemuImg qemuImg;
        private Set<Side> inspectedSides = EnumSet.noneOf(Side.class);

        private Builder() {}

        /** Where the secondary's NBD server listens, e.g. {@code 0.0.0.0:9999}. Required. */
        public Builder nbdServer(NbdAddress address) {
            this.nbdServer = address;
            return this;
        }

        /** Shorthand for {@code nbdServer(new NbdAddress(host, port))}. */
        public Builder nbdServer(String host, int port) {
            return nbdServer(new NbdAddress(host, port));
        }

        /**
         * Where the primary's NBD clients connect, e.g. {@code 127.0.0.2:9999}. Optional when the server
         * listens on a concrete address (the target is then that address); required when it listens on a
         * wildcard such as {@code 0.0.0.0}.
         */
        public Builder nbdTarget(NbdAddress address) {
            this.nbdTarget = address;
            return this;
        }

        /** Shorthand for {@code nbdTarget(new NbdAddress(host, port))}. */
        public Builder nbdTarget(String host, int port) {
            return nbdTarget(new NbdAddress(host, port));
        }

        /**
         * TLS on the NBD replication: the secondary's server uses the {@code tls-creds-x509} object
         * {@code serverCreds} ({@code endpoint=server}), the primary's clients {@code clientCreds}
         * ({@code endpoint=client}); both objects are created by the caller (colo-api renders them).
         */
        public Builder nbdTls(String serverCreds, String clientCreds) {
            this.nbdServerTlsCreds = serverCreds;
            this.nbdClientTlsCreds = clientCreds;
            return this;
        }

        /** Adds a disk pair; disks keep the order they are added in. */
        public Builder disk(DiskPair pair) {
            disks.add(Objects.requireNonNull(pair, "pair"));
            return this;
        }

        /** Adds a disk pair from two built disks. */
        public Builder disk(PrimaryDisk primary, SecondaryDisk secondary) {
            return disk(new DiskPair(primary, secondary));
        }

        /**
         * Adds a disk pair from two builders, not built yet: their problems are then reported by
         * {@link #build()} together with every other problem, under {@code disks[i].primary.} and
         * {@code disks[i].secondary.}. The builders' current values are taken now.
         */
        public Builder disk(PrimaryDisk.Builder primary, SecondaryDisk.Builder secondary) {
            return disk(new DiskPair(primary.unchecked(), secondary.unchecked()));
        }

        /**
         * Makes {@link #build()} also inspect the image files of {@code sides} with {@code qemuImg}:
         * missing files, formats that differ from the declared ones, and the virtual sizes of images
         * whose size is not declared (see {@link ImageInspection}). Only name sides whose files are on
         * this machine. No sides turns inspection off.
         */
        public Builder inspectImages(QemuImg qemuImg, Side... sides) {
            this.qemuImg = Objects.requireNonNull(qemuImg, "qemuImg");
            this.inspectedSides = sides.length == 0 ? EnumSet.noneOf(Side.class) : EnumSet.copyOf(List.of(sides));
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws BlockGraphValidationException listing every problem found
         * @throws QemuImgException only if image inspection was asked for and qemu-img cannot run at all
         *     or does not finish in time
         */
        public BlockReplication build() {
            Problems p = new Problems();
            NbdAddress target = nbdTarget != null ? nbdTarget
                    : nbdServer != null && !nbdServer.isWildcard() ? nbdServer : null;
            ReplicationValidator.validate(p, disks, nbdServer, nbdTarget,
                    qemuImg == null ? null : new ImageInspector(qemuImg, inspectedSides));
            checkTlsId(p, "nbdTls.serverCreds", nbdServerTlsCreds, nbdClientTlsCreds != null);
            checkTlsId(p, "nbdTls.clientCreds", nbdClientTlsCreds, nbdServerTlsCreds != null);
            p.throwIfAny("BlockReplication");
            return new BlockReplication(disks, nbdServer, target, nbdServerTlsCreds, nbdClientTlsCreds);
        }

        private static void checkTlsId(Problems p, String field, String id, boolean otherSet) {
            if (id != null || otherSet) {
                QemuNames.check(p, field, id, "tls0", false);
            }
        }
    }
}
