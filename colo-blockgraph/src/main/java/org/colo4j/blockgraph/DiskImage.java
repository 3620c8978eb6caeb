package org.colo4j.blockgraph;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One image file of the graph: where it is, its format and, optionally, its virtual size.
 *
 * <p>When the size is declared, validation compares declared sizes without touching the disk;
 * when it is not, {@link ImageInspection} asks {@code qemu-img info} for it.
 *
 * <pre>{@code
 * DiskImage active = DiskImage.qcow2(Path.of("/var/lib/colo/active0.qcow2")).withVirtualSize(10L << 30);
 * }</pre>
 *
 * @param path the file, as QEMU will be given it (relative paths resolve against QEMU's working
 *     directory)
 * @param format its image format
 * @param virtualSize the declared virtual size in bytes, or {@code null} when not declared
 */
public record DiskImage(Path path, ImageFormat format, Long virtualSize) {

    public DiskImage {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
    }

    /** A qcow2 image at {@code path}, size not declared. */
    public static DiskImage qcow2(Path path) {
        return new DiskImage(path, ImageFormat.QCOW2, null);
    }

    /** A raw image at {@code path}, size not declared. */
    public static DiskImage raw(Path path) {
        return new DiskImage(path, ImageFormat.RAW, null);
    }

    /** An image of {@code format} at {@code path}, size not declared. */
    public static DiskImage of(Path path, ImageFormat format) {
        return new DiskImage(path, format, null);
    }

    /** The same image with its virtual size declared (bytes; must be positive to validate). */
    public DiskImage withVirtualSize(long bytes) {
        return new DiskImage(path, format, bytes);
    }

    /** The declared virtual size, if any. */
    public Optional<Long> declaredSize() {
        return Optional.ofNullable(virtualSize);
    }

    /** e.g. {@code qcow2 /var/lib/colo/active0.qcow2 (10 GiB)}. */
    @Override
    public String toString() {
        return format.qemuName() + " " + path + (virtualSize == null ? "" : " (" + Sizes.human(virtualSize) + ")");
    }
}
