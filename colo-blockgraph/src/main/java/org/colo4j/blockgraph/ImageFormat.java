package org.colo4j.blockgraph;

import java.util.Optional;

/**
 * Image formats a COLO disk can use. The active and hidden disks must be {@link #QCOW2}:
 * replication empties them at every checkpoint, which needs a format that can be made empty.
 */
public enum ImageFormat {
    /** QEMU copy-on-write v2: any disk of the graph. */
    QCOW2("qcow2"),
    /** Raw image: the primary image or the parent only. */
    RAW("raw");

    private final String qemuName;

    ImageFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The name QEMU and qemu-img use, e.g. {@code qcow2}. */
    public String qemuName() {
        return qemuName;
    }

    /** The format named {@code name} as QEMU spells it, if colo4j knows it. */
    public static Optional<ImageFormat> fromQemuName(String name) {
        for (ImageFormat f : values()) {
            if (f.qemuName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return qemuName;
    }
}
