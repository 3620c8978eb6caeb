package org.colo4j.blockgraph;

/** How {@link BlockPlans#resync} copies the disk to a new secondary's NBD export. */
public enum MirrorMethod {
    /**
     * {@code drive-mirror} to the URI {@code nbd://host:port/export}, {@code mode: existing},
     * {@code format: raw}, as in COLO-FT.txt.
     */
    DRIVE_MIRROR,
    /**
     * {@code blockdev-add} of an NBD client node, then {@code blockdev-mirror} to it; the node is
     * deleted after the job ends.
     */
    BLOCKDEV_MIRROR
}
