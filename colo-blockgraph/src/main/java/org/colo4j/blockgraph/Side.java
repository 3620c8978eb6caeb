package org.colo4j.blockgraph;

/** Which QEMU of the pair: the one running the guest, or the one keeping the replica. */
public enum Side {
    /** The primary QEMU (quorum over the primary image and the NBD client). */
    PRIMARY,
    /** The secondary QEMU (NBD server, replication over active/hidden/parent). */
    SECONDARY
}
