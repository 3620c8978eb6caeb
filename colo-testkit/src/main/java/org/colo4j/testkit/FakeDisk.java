package org.colo4j.testkit;

import java.util.Objects;

/**
 * One replicated disk of a {@link FakeColoNode}, named as in COLO-FT.txt: the quorum drive
 * ({@code colo-disk0}) on both nodes, and on the secondary the parent drive ({@code parent0},
 * exported over NBD) and the replication drive ({@code childs0}).
 *
 * @param id the quorum drive id, e.g. {@code colo-disk0}
 * @param parentId the secondary's parent drive id, e.g. {@code parent0}
 * @param replicationId the secondary's replication drive id, e.g. {@code childs0}
 * @param size the virtual size in bytes (all images of the disk have it)
 */
public record FakeDisk(String id, String parentId, String replicationId, long size) {

    /** 64 MiB, the size of the images the real-QEMU captures were made with. */
    public static final long DEFAULT_SIZE = 64L << 20;

    /**
     * Validates.
     *
     * @param id the quorum drive id
     * @param parentId the secondary's parent drive id
     * @param replicationId the secondary's replication drive id
     * @param size the virtual size in bytes
     * @throws IllegalArgumentException if an id is not a QEMU id, two ids are equal or the size is not positive
     */
    public FakeDisk {
        requireId(id, "id");
        requireId(parentId, "parentId");
        requireId(replicationId, "replicationId");
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        if (id.equals(parentId) || id.equals(replicationId) || parentId.equals(replicationId)) {
            throw new IllegalArgumentException("id, parentId and replicationId must differ, got " + id + ", " + parentId
                    + ", " + replicationId);
        }
    }

    /**
     * COLO-FT.txt's disk: {@code colo-disk0}, {@code parent0}, {@code childs0}, 64 MiB.
     *
     * @return COLO-FT.txt's disk: {@code colo-disk0}, {@code parent0}, {@code childs0}, 64 MiB
     */
    public static FakeDisk coloFt() {
        return new FakeDisk("colo-disk0", "parent0", "childs0", DEFAULT_SIZE);
    }

    /**
     * Disk number {@code index} named like COLO-FT.txt's: {@code colo-disk<i>}, {@code parent<i>},
     * {@code childs<i>}, 64 MiB.
     *
     * @param index 0 or more
     * @return disk number {@code index}
     */
    public static FakeDisk numbered(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        return new FakeDisk("colo-disk" + index, "parent" + index, "childs" + index, DEFAULT_SIZE);
    }

    private static void requireId(String value, String field) {
        Objects.requireNonNull(value, field);
        if (!value.matches("[A-Za-z][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(field + " must start with a letter and hold only letters, digits, '-', '.'"
                    + " and '_' (QEMU's id rule), got '" + value + "'");
        }
    }
}
