package org.colo4j.blockgraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One replicated disk as the secondary QEMU sees it: the parent (a copy of the primary image,
 * exported over NBD under its id), the replication node in mode secondary whose file is the qcow2
 * active disk, backed by the qcow2 hidden disk, backed by the parent; and a quorum on top so this
 * QEMU can become the primary after a failover.
 *
 * <pre>{@code
 * SecondaryDisk disk = SecondaryDisk.builder(0)             // colo-disk0, childs0, parent0
 *     .parentImage(DiskImage.qcow2(Path.of("/var/lib/colo/primary-copy.qcow2")))
 *     .activeImage(DiskImage.qcow2(Path.of("/dev/shm/active0.qcow2")))
 *     .hiddenImage(DiskImage.qcow2(Path.of("/dev/shm/hidden0.qcow2")))
 *     .build();
 * }</pre>
 *
 * <p>Immutable. {@link Builder#build()} reports every problem of this disk at once (ids, formats,
 * declared sizes); {@link BlockReplication} adds the rules that need the primary side.
 */
public final class SecondaryDisk {

    private final String quorumId;
    private final String topId;
    private final String replicationId;
    private final String parentId;
    private final DiskImage parentImage;
    private final DiskImage activeImage;
    private final DiskImage hiddenImage;
    private final DriveInterface driveInterface;

    private SecondaryDisk(Builder b) {
        this.quorumId = b.quorumId;
        this.topId = b.topId;
        this.replicationId = b.replicationId;
        this.parentId = b.parentId;
        this.parentImage = b.parentImage;
        this.activeImage = b.activeImage;
        this.hiddenImage = b.hiddenImage;
        this.driveInterface = b.driveInterface;
    }

    /** An empty builder; every id must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with COLO-FT.txt's names for disk number {@code index}: quorum
     * {@code colo-disk<index>}, replication {@code childs<index>}, parent {@code parent<index>}
     * (also the NBD export name). The three images are left to set.
     */
    public static Builder builder(int index) {
        return new Builder().quorumId("colo-disk" + index).replicationId("childs" + index).parentId("parent" + index);
    }

    /** A builder holding this disk's values. */
    public Builder toBuilder() {
        return new Builder().quorumId(quorumId).topId(topId).replicationId(replicationId).parentId(parentId)
                .parentImage(parentImage).activeImage(activeImage).hiddenImage(hiddenImage)
                .driveInterface(driveInterface);
    }

    /** Id of the quorum on top, e.g. {@code colo-disk0}. */
    public String quorumId() {
        return quorumId;
    }

    /** The replication node's {@code top-id}: always the quorum's id once validated. */
    public String topId() {
        return topId == null ? quorumId : topId;
    }

    /** Id of the replication drive (mode secondary), e.g. {@code childs0}. */
    public String replicationId() {
        return replicationId;
    }

    /** Id of the parent drive, e.g. {@code parent0}; also the NBD export name. */
    public String parentId() {
        return parentId;
    }

    /** The NBD export name the primary connects to: {@link #parentId()}. */
    public String exportName() {
        return parentId;
    }

    /** The parent: the secondary's copy of the primary image. */
    public DiskImage parentImage() {
        return parentImage;
    }

    /** The active disk (qcow2): the secondary guest's writes land here. */
    public DiskImage activeImage() {
        return activeImage;
    }

    /** The hidden disk (qcow2): the parent's old contents, saved before primary writes overwrite them. */
    public DiskImage hiddenImage() {
        return hiddenImage;
    }

    /** The quorum's {@code if=}; {@link DriveInterface#IDE} unless set. */
    public DriveInterface driveInterface() {
        return driveInterface;
    }

    /** Checks this disk's own fields (not sizes: see {@link SizeRule}). */
    void check(Problems p) {
        boolean quorumOk = QemuNames.check(p, "quorumId", quorumId, "colo-disk0", false);
        if (topId != null && quorumOk && !topId.equals(quorumId)) {
            p.add("topId", "'" + QemuNames.printable(topId) + "' does not name this disk's quorum '" + quorumId
                    + "'; the replication node's top-id must be the quorum on top of it, or QEMU fails at COLO start"
                    + " with 'No top_bs or it is invalid'; leave topId unset or set it to '" + quorumId + "'");
        }
        boolean replOk = QemuNames.check(p, "replicationId", replicationId, "childs0", false);
        boolean parentOk = QemuNames.check(p, "parentId", parentId, "parent0", false);
        List<String[]> ids = new ArrayList<>();
        if (quorumOk) {
            ids.add(new String[] {"quorumId", quorumId});
        }
        if (replOk) {
            ids.add(new String[] {"replicationId", replicationId});
        }
        if (parentOk) {
            ids.add(new String[] {"parentId", parentId});
        }
        for (int i = 1; i < ids.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ids.get(i)[1].equals(ids.get(j)[1])) {
                    p.add(ids.get(i)[0], "'" + ids.get(i)[1] + "' is already this disk's " + ids.get(j)[0]
                            + "; the quorum, replication and parent drives each need their own id");
                }
            }
        }
        ImageRules.check(p, "parentImage", parentImage, "parent", false, "parentImage(DiskImage.qcow2(path))");
        ImageRules.check(p, "activeImage", activeImage, "active disk", true, "activeImage(DiskImage.qcow2(path))");
        ImageRules.check(p, "hiddenImage", hiddenImage, "hidden disk", true, "hiddenImage(DiskImage.qcow2(path))");
        samePath(p, "activeImage", activeImage, "parentImage", parentImage);
        samePath(p, "hiddenImage", hiddenImage, "parentImage", parentImage);
        samePath(p, "hiddenImage", hiddenImage, "activeImage", activeImage);
        if (driveInterface == null) {
            p.add("driveInterface", "missing; set driveInterface(DriveInterface.IDE) or leave it at its default");
        }
    }

    private static void samePath(Problems p, String field, DiskImage image, String otherField, DiskImage other) {
        if (image != null && other != null && image.path().normalize().equals(other.path().normalize())) {
            p.add(field, "'" + image.path() + "' is also the " + otherField + "; the parent, active and hidden disks"
                    + " must be three different files");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecondaryDisk d && Objects.equals(quorumId, d.quorumId) && Objects.equals(topId, d.topId)
                && Objects.equals(replicationId, d.replicationId) && Objects.equals(parentId, d.parentId)
                && Objects.equals(parentImage, d.parentImage) && Objects.equals(activeImage, d.activeImage)
                && Objects.equals(hiddenImage, d.hiddenImage) && driveInterface == d.driveInterface;
    }

    @Override
    public int hashCode() {
        return Objects.hash(quorumId, topId, replicationId, parentId, parentImage, activeImage, hiddenImage,
                driveInterface);
    }

    /**
     * e.g. {@code SecondaryDisk[colo-disk0: quorum -> childs0(replication) -> active(qcow2 /a) -> hidden(qcow2 /h)
     * -> parent0(qcow2 /p), export parent0, if=ide]}.
     */
    @Override
    public String toString() {
        return "SecondaryDisk[" + quorumId + ": quorum -> " + replicationId + "(replication, top-id " + topId()
                + ") -> active(" + activeImage + ") -> hidden(" + hiddenImage + ") -> " + parentId + "(" + parentImage
                + "), export " + parentId + ", if=" + driveInterface + "]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String quorumId;
        private String topId;
        private String replicationId;
        private String parentId;
        private DiskImage parentImage;
        private DiskImage activeImage;
        private DiskImage hiddenImage;
        private DriveInterface driveInterface = DriveInterface.IDE;

        private Builder() {}

        /** Id of the quorum on top, e.g. {@code colo-disk0}. */
        public Builder quorumId(String quorumId) {
            this.quorumId = quorumId;
            return this;
        }

        /**
         * The replication node's {@code top-id}. Leave it unset: it defaults to the quorum id, the only
         * value that works. Setting it is for specs read from elsewhere, so a wrong value is reported
         * instead of failing at COLO start; {@code null} resets it.
         */
        public Builder topId(String topId) {
            this.topId = topId;
            return this;
        }

        /** Id of the replication drive, e.g. {@code childs0}. */
        public Builder replicationId(String replicationId) {
            this.replicationId = replicationId;
            return this;
        }

        /** Id of the parent drive and NBD export name, e.g. {@code parent0}. */
        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        /** The parent image: a copy of the primary image, made before COLO starts. */
        public Builder parentImage(DiskImage parentImage) {
            this.parentImage = parentImage;
            return this;
        }

        /** The active disk: qcow2, same virtual size as the parent, empty at start. */
        public Builder activeImage(DiskImage activeImage) {
            this.activeImage = activeImage;
            return this;
        }

        /** The hidden disk: qcow2, same virtual size as the parent, empty at start. */
        public Builder hiddenImage(DiskImage hiddenImage) {
            this.hiddenImage = hiddenImage;
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
         * @throws BlockGraphValidationException listing every problem of this disk, declared sizes included
         */
        public SecondaryDisk build() {
            SecondaryDisk disk = new SecondaryDisk(this);
            Problems p = new Problems();
            disk.check(p);
            SizeRule.check(p, SizeRule.declared(null, disk));
            p.throwIfAny("SecondaryDisk");
            return disk;
        }

        /** The disk as set, not validated: for {@link BlockReplication}, which validates everything at once. */
        SecondaryDisk unchecked() {
            return new SecondaryDisk(this);
        }
    }
}
