package org.colo4j.blockgraph;

import java.util.Objects;

/**
 * One replicated disk: its primary side and its secondary side. The primary's
 * {@link PrimaryDisk#exportName() export name} must be the secondary's
 * {@link SecondaryDisk#parentId() parent id}: each pair of primary and secondary disk shares one
 * export name.
 *
 * @param primary the disk in the primary QEMU
 * @param secondary the disk in the secondary QEMU
 */
public record DiskPair(PrimaryDisk primary, SecondaryDisk secondary) {

    public DiskPair {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
    }

    /** The export name both sides use (the secondary parent's id). */
    public String exportName() {
        return secondary.exportName();
    }

    /** {@code primary <-> secondary}, each in its own readable form. */
    @Override
    public String toString() {
        return "DiskPair[" + primary + " <-> " + secondary + "]";
    }
}
