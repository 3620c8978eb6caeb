package org.colo4j.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;

/**
 * What the fault pair's guest boots from: a blank disk (SeaBIOS finds nothing to boot and waits; no
 * guest writes) or a ready bootable qcow2, e.g. a guest that keeps writing to its disk. Each pair
 * gets its own copy for the primary and one for the secondary's parent, so the image itself is never
 * written.
 *
 * <p>The harness writes its data-check patterns at {@link FaultPair#PATTERN_OFFSET}: a guest image
 * must leave that region alone.
 *
 * <p>{@link #fromProperty()} reads {@code -Dcolo4j.faults.guest=/path/to/guest.qcow2}; without it
 * the disk is blank.
 */
final class GuestImage {

    /** The system property naming a bootable qcow2 for the fault suite's guests. */
    static final String PROPERTY = "colo4j.faults.guest";
    /** The size of a blank guest disk. */
    static final long BLANK_SIZE = 64L << 20;

    private final Path bootable;

    private GuestImage(Path bootable) {
        this.bootable = bootable;
    }

    /** A blank 64 MiB qcow2. */
    static GuestImage blank() {
        return new GuestImage(null);
    }

    /** Copies of {@code qcow2}, a ready bootable image. */
    static GuestImage bootable(Path qcow2) {
        Objects.requireNonNull(qcow2, "qcow2");
        if (!Files.isRegularFile(qcow2)) {
            throw new IllegalArgumentException("guest image " + qcow2 + " is not a file: give a bootable qcow2");
        }
        return new GuestImage(qcow2);
    }

    /** {@link #bootable} of {@code -Dcolo4j.faults.guest} if set, else {@link #blank()}. */
    static GuestImage fromProperty() {
        String path = System.getProperty(PROPERTY, "");
        return path.isBlank() ? blank() : bootable(Path.of(path));
    }

    /** The bootable image, or empty for a blank disk. */
    Optional<Path> image() {
        return Optional.ofNullable(bootable);
    }

    /**
     * Writes the guest's disk to {@code target} (a qcow2) and returns its virtual size, which the
     * secondary's active and hidden disks must match.
     */
    long writeTo(QemuImg img, Path target) {
        if (bootable == null) {
            img.create(target, ImageFormat.QCOW2, BLANK_SIZE, true);
            return BLANK_SIZE;
        }
        try {
            Files.copy(bootable, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the guest image " + bootable + " to " + target, e);
        }
        return img.info(target).virtualSize();
    }

    @Override
    public String toString() {
        return bootable == null ? "blank " + (BLANK_SIZE >> 20) + " MiB disk" : "guest image " + bootable;
    }
}
