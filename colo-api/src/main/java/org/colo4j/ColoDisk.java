package org.colo4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.colo4j.blockgraph.DiskImage;
import org.colo4j.blockgraph.DriveInterface;

/**
 * One replicated disk of the guest, as both nodes see it: the primary image on the primary; on the
 * secondary its copy (the parent), the active disk and the hidden disk (both qcow2, the same virtual
 * size as the parent).
 *
 * <pre>{@code
 * ColoDisk disk = ColoDisk.builder().id("colo-disk0")
 *         .primaryImage(Path.of("/var/lib/colo/primary.qcow2"))
 *         .secondaryImage(Path.of("/var/lib/colo/primary-copy.qcow2"))
 *         .activeImage(Path.of("/dev/shm/active0.qcow2"))
 *         .hiddenImage(Path.of("/dev/shm/hidden0.qcow2"))
 *         .virtualSize(10L << 30)                 // optional: else read with qemu-img
 *         .build();
 * }</pre>
 *
 * <p>Node names not given follow COLO-FT.txt by the disk's position {@code i} in the spec:
 * quorum {@code colo-disk<i>}, secondary replication {@code childs<i>}, parent and NBD export
 * {@code parent<i>}, primary replication node {@code replication<i>}. Paths given as {@link Path} are
 * taken as qcow2; pass a {@link DiskImage} for raw primary images.
 */
public final class ColoDisk {

    private final String id;
    private final DiskImage primaryImage;
    private final DiskImage secondaryImage;
    private final DiskImage activeImage;
    private final DiskImage hiddenImage;
    private final String parentId;
    private final DriveInterface driveInterface;

    private ColoDisk(Builder b) {
        Long size = b.virtualSize;
        this.id = b.id;
        this.primaryImage = sized(b.primaryImage, size);
        this.secondaryImage = sized(b.secondaryImage, size);
        this.activeImage = sized(b.activeImage, size);
        this.hiddenImage = sized(b.hiddenImage, size);
        this.parentId = b.parentId;
        this.driveInterface = b.driveInterface;
    }

    private static DiskImage sized(DiskImage image, Long size) {
        return size == null || image.declaredSize().isPresent() ? image : image.withVirtualSize(size);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The quorum id (the guest-visible drive), or null for {@code colo-disk<i>}. */
    public String id() {
        return id;
    }

    public DiskImage primaryImage() {
        return primaryImage;
    }

    /** The secondary's copy of the primary image: the parent of the replication chain. */
    public DiskImage secondaryImage() {
        return secondaryImage;
    }

    public DiskImage activeImage() {
        return activeImage;
    }

    public DiskImage hiddenImage() {
        return hiddenImage;
    }

    /** The parent drive id and NBD export name, or null for {@code parent<i>}. */
    public String parentId() {
        return parentId;
    }

    /** The quorum's {@code if=}, or null for IDE. */
    public DriveInterface driveInterface() {
        return driveInterface;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColoDisk d && Objects.equals(id, d.id) && primaryImage.equals(d.primaryImage)
                && secondaryImage.equals(d.secondaryImage) && activeImage.equals(d.activeImage)
                && hiddenImage.equals(d.hiddenImage) && Objects.equals(parentId, d.parentId)
                && driveInterface == d.driveInterface;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, primaryImage, secondaryImage, activeImage, hiddenImage, parentId, driveInterface);
    }

    @Override
    public String toString() {
        return "ColoDisk[" + (id == null ? "colo-disk<i>" : id) + ": primary " + primaryImage + "; secondary parent "
                + secondaryImage + ", active " + activeImage + ", hidden " + hiddenImage + "]";
    }

    /** Mutable builder; {@link #build()} reports every missing image at once. */
    public static final class Builder {
        private String id;
        private DiskImage primaryImage;
        private DiskImage secondaryImage;
        private DiskImage activeImage;
        private DiskImage hiddenImage;
        private Long virtualSize;
        private String parentId;
        private DriveInterface driveInterface;

        private Builder() {}

        /** The quorum id, e.g. {@code colo-disk0}; defaults to {@code colo-disk<i>}. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder primaryImage(Path qcow2) {
            return primaryImage(DiskImage.qcow2(qcow2));
        }

        public Builder primaryImage(DiskImage image) {
            this.primaryImage = image;
            return this;
        }

        public Builder secondaryImage(Path qcow2) {
            return secondaryImage(DiskImage.qcow2(qcow2));
        }

        public Builder secondaryImage(DiskImage image) {
            this.secondaryImage = image;
            return this;
        }

        public Builder activeImage(Path qcow2) {
            return activeImage(DiskImage.qcow2(qcow2));
        }

        public Builder activeImage(DiskImage image) {
            this.activeImage = image;
            return this;
        }

        public Builder hiddenImage(Path qcow2) {
            return hiddenImage(DiskImage.qcow2(qcow2));
        }

        public Builder hiddenImage(DiskImage image) {
            this.hiddenImage = image;
            return this;
        }

        /** Declares the virtual size (bytes) of all four images that do not declare their own. */
        public Builder virtualSize(long bytes) {
            this.virtualSize = bytes;
            return this;
        }

        /** The parent's drive id, which is also the NBD export name; defaults to {@code parent<i>}. */
        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        public Builder driveInterface(DriveInterface driveInterface) {
            this.driveInterface = driveInterface;
            return this;
        }

        /** @throws ColoValidationException listing every missing image */
        public ColoDisk build() {
            List<ColoProblem> p = new ArrayList<>();
            require(p, "primaryImage", primaryImage, "the image the primary's quorum reads and writes");
            require(p, "secondaryImage", secondaryImage, "the secondary's copy of the primary image (the parent)");
            require(p, "activeImage", activeImage, "a qcow2 of the parent's size: qemu-img create -f qcow2 active.qcow2 <size>");
            require(p, "hiddenImage", hiddenImage, "a qcow2 of the parent's size: qemu-img create -f qcow2 hidden.qcow2 <size>");
            if (virtualSize != null && virtualSize <= 0) {
                p.add(new ColoProblem("virtualSize", "must be positive, got " + virtualSize));
            }
            if (!p.isEmpty()) {
                throw new ColoValidationException("ColoDisk " + Objects.toString(id, ""), p);
            }
            return new ColoDisk(this);
        }

        private static void require(List<ColoProblem> p, String field, DiskImage image, String what) {
            if (image == null) {
                p.add(new ColoProblem(field, "is required: " + what));
            }
        }
    }
}
