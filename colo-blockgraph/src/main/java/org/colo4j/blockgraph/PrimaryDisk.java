package org.colo4j.blockgraph;

import java.util.Objects;

/**
 * One replicated disk as the primary QEMU sees it: a quorum ({@code read-pattern=fifo},
 * {@code vote-threshold=1}) whose child 0 is the primary image, plus the replication node in mode
 * primary that is added as child 1 at COLO start, its file an NBD client to the secondary's export.
 *
 * <pre>{@code
 * PrimaryDisk disk = PrimaryDisk.builder(0)                 // colo-disk0, replication0, export parent0
 *     .image(DiskImage.qcow2(Path.of("/var/lib/colo/primary.qcow2")))
 *     .build();
 * }</pre>
 *
 * <p>Immutable. {@link Builder#build()} reports every problem of this disk at once; rules that
 * need the other side (export name, sizes) are checked by {@link BlockReplication}.
 */
public final class PrimaryDisk {

    private final String quorumId;
    private final DiskImage image;
    private final String replicationNodeName;
    private final String exportName;
    private final DriveInterface driveInterface;

    private PrimaryDisk(Builder b) {
        this.quorumId = b.quorumId;
        this.image = b.image;
        this.replicationNodeName = b.replicationNodeName;
        this.exportName = b.exportName;
        this.driveInterface = b.driveInterface;
    }

    /** An empty builder; every id must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with COLO-FT.txt's names for disk number {@code index}: quorum
     * {@code colo-disk<index>}, replication node {@code replication<index>}, export
     * {@code parent<index>}. Only the image is left to set.
     */
    public static Builder builder(int index) {
        return new Builder()
                .quorumId("colo-disk" + index)
                .replicationNodeName("replication" + index)
                .exportName("parent" + index);
    }

    /** A builder holding this disk's values. */
    public Builder toBuilder() {
        return new Builder().quorumId(quorumId).image(image).replicationNodeName(replicationNodeName)
                .exportName(exportName).driveInterface(driveInterface);
    }

    /** Id of the quorum, the guest-visible drive (e.g. {@code colo-disk0}). */
    public String quorumId() {
        return quorumId;
    }

    /** The primary image: the quorum's child 0. */
    public DiskImage image() {
        return image;
    }

    /** Node name of the replication node (mode primary) added at COLO start, e.g. {@code replication0}. */
    public String replicationNodeName() {
        return replicationNodeName;
    }

    /** Name of the secondary's NBD export this disk writes to: the secondary parent's id. */
    public String exportName() {
        return exportName;
    }

    /** The quorum's {@code if=}; {@link DriveInterface#IDE} unless set. */
    public DriveInterface driveInterface() {
        return driveInterface;
    }

    /** Checks this disk's own fields. */
    void check(Problems p) {
        boolean quorumOk = QemuNames.check(p, "quorumId", quorumId, "colo-disk0", false);
        ImageRules.check(p, "image", image, "primary image", false, "image(DiskImage.qcow2(path))");
        boolean replOk = QemuNames.check(p, "replicationNodeName", replicationNodeName, "replication0", true);
        QemuNames.check(p, "exportName", exportName, "parent0", false);
        if (quorumOk && replOk && quorumId.equals(replicationNodeName)) {
            p.add("replicationNodeName", "'" + replicationNodeName + "' is already the quorum's id; the replication"
                    + " node needs a name of its own, e.g. 'replication0'");
        }
        if (driveInterface == null) {
            p.add("driveInterface", "missing; set driveInterface(DriveInterface.IDE) or leave it at its default");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrimaryDisk d && Objects.equals(quorumId, d.quorumId) && Objects.equals(image, d.image)
                && Objects.equals(replicationNodeName, d.replicationNodeName)
                && Objects.equals(exportName, d.exportName) && driveInterface == d.driveInterface;
    }

    @Override
    public int hashCode() {
        return Objects.hash(quorumId, image, replicationNodeName, exportName, driveInterface);
    }

    /** e.g. {@code PrimaryDisk[colo-disk0: quorum(qcow2 /p.qcow2) + replication0 -> NBD export parent0, if=ide]}. */
    @Override
    public String toString() {
        return "PrimaryDisk[" + quorumId + ": quorum(" + image + ") + " + replicationNodeName
                + " -> NBD export " + exportName + ", if=" + driveInterface + "]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String quorumId;
        private DiskImage image;
        private String replicationNodeName;
        private String exportName;
        private DriveInterface driveInterface = DriveInterface.IDE;

        private Builder() {}

        /** Id of the quorum drive, e.g. {@code colo-disk0}; the same as the secondary's quorum id by convention. */
        public Builder quorumId(String quorumId) {
            this.quorumId = quorumId;
            return this;
        }

        /** The primary image (qcow2 or raw), child 0 of the quorum. */
        public Builder image(DiskImage image) {
            this.image = image;
            return this;
        }

        /** Node name for the replication node, e.g. {@code replication0}; at most 31 characters. */
        public Builder replicationNodeName(String replicationNodeName) {
            this.replicationNodeName = replicationNodeName;
            return this;
        }

        /** The secondary's export to connect to: must equal the secondary parent's id, e.g. {@code parent0}. */
        public Builder exportName(String exportName) {
            this.exportName = exportName;
            return this;
        }

        /** The quorum's {@code if=}; default {@link DriveInterface#IDE}. */
        public Builder driveInterface(DriveInterface driveInterface) {
            this.driveInterface = driveInterface;
            return this;
        }

        /**
         * Builds the disk.
         *
         * @throws BlockGraphValidationException listing every problem of this disk
         */
        public PrimaryDisk build() {
            PrimaryDisk disk = new PrimaryDisk(this);
            Problems p = new Problems();
            disk.check(p);
            p.throwIfAny("PrimaryDisk");
            return disk;
        }

        /** The disk as set, not validated: for {@link BlockReplication}, which validates everything at once. */
        PrimaryDisk unchecked() {
            return new PrimaryDisk(this);
        }
    }
}
