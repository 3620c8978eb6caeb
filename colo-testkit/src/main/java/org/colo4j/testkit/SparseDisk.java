package org.colo4j.testkit;

import java.util.Map;
import java.util.TreeMap;

/**
 * The contents of a fake disk as extents of one repeated byte (qemu-io writes patterns), unwritten
 * bytes reading as zero like a fresh image. Not thread-safe; the COLO model guards it.
 */
final class SparseDisk {

    private final long size;
    /** start → {end (exclusive), byte value}; extents never overlap. */
    private final TreeMap<Long, long[]> extents;

    SparseDisk(long size) {
        this(size, new TreeMap<>());
    }

    private SparseDisk(long size, TreeMap<Long, long[]> extents) {
        this.size = size;
        this.extents = extents;
    }

    long size() {
        return size;
    }

    /** Fills {@code [offset, offset+length)} with {@code value}. */
    void write(long offset, long length, int value) {
        if (length <= 0) {
            return;
        }
        long end = offset + length;
        Map.Entry<Long, long[]> before = extents.lowerEntry(offset);
        if (before != null && before.getValue()[0] > offset) {
            long[] b = before.getValue();
            extents.put(before.getKey(), new long[] {offset, b[1]});
            if (b[0] > end) {
                extents.put(end, new long[] {b[0], b[1]});
            }
        }
        Map.Entry<Long, long[]> e;
        while ((e = extents.ceilingEntry(offset)) != null && e.getKey() < end) {
            extents.remove(e.getKey());
            if (e.getValue()[0] > end) {
                extents.put(end, new long[] {e.getValue()[0], e.getValue()[1]});
            }
        }
        extents.put(offset, new long[] {end, value & 0xff});
    }

    /** Whether every byte of {@code [offset, offset+length)} is {@code value}. */
    boolean allEqual(long offset, long length, int value) {
        long pos = offset;
        long end = offset + length;
        int want = value & 0xff;
        while (pos < end) {
            Map.Entry<Long, long[]> e = extents.floorEntry(pos);
            if (e != null && e.getValue()[0] > pos) {
                if (e.getValue()[1] != want) {
                    return false;
                }
                pos = e.getValue()[0];
            } else {
                if (want != 0) {
                    return false;
                }
                Long next = extents.higherKey(pos);
                pos = next == null ? end : next;
            }
        }
        return true;
    }

    /** An independent copy. */
    SparseDisk copy() {
        TreeMap<Long, long[]> c = new TreeMap<>();
        extents.forEach((k, v) -> c.put(k, v.clone()));
        return new SparseDisk(size, c);
    }
}
