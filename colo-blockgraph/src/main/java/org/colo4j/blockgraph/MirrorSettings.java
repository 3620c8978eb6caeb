package org.colo4j.blockgraph;

import java.util.ArrayList;
import java.util.List;

/**
 * How the resync mirror ({@link BlockPlans#resync(BlockReplication, MirrorMethod, java.time.Duration, MirrorSettings)})
 * copies a disk: the mirror job's {@code granularity}, {@code buf-size} and {@code copy-mode}. A null
 * field leaves the argument out, so QEMU's default applies.
 *
 * <p>{@link #defaults()} is what colo4j sends unless told otherwise, chosen from the resync benchmark
 * (BENCHMARKS.md, "Resync"; {@code org.colo4j.benchmarks.ResyncBench}): see there for the numbers.
 *
 * @param granularity bytes per bit of the job's dirty bitmap: the unit the mirror copies, and
 *     re-copies when the guest writes into it; a power of 2 from 512 to 64 MiB, or null (QEMU: the
 *     target's cluster size, or 64 KiB)
 * @param bufSize the most bytes the job has in flight, or null (QEMU: 16 MiB)
 * @param copyMode how guest writes during the copy reach the target, or null (QEMU: background)
 */
public record MirrorSettings(Long granularity, Long bufSize, CopyMode copyMode) {

    /** QMP's {@code MirrorCopyMode}. */
    public enum CopyMode {
        /** Guest writes mark the bitmap and are copied later by the job ({@code background}). */
        BACKGROUND("background"),
        /**
         * Each guest write goes to the target too before it completes ({@code write-blocking}): the job
         * converges however fast the guest writes, and every guest write waits for the target.
         */
        WRITE_BLOCKING("write-blocking");

        private final String qmpName;

        CopyMode(String qmpName) {
            this.qmpName = qmpName;
        }

        /** The QMP value. */
        public String qmpName() {
            return qmpName;
        }
    }

    private static final MirrorSettings QEMU_DEFAULTS = new MirrorSettings(null, null, null);
    private static final MirrorSettings DEFAULTS = new MirrorSettings(1L << 20, 64L << 20, null);

    /**
     * Checks every field and reports all problems at once.
     *
     * @throws BlockGraphValidationException naming each bad field and what it accepts
     */
    public MirrorSettings {
        List<Problem> problems = new ArrayList<>();
        if (granularity != null && (granularity < 512 || granularity > 64L << 20 || Long.bitCount(granularity) != 1)) {
            problems.add(new Problem("granularity", granularity + " is not a power of 2 from 512 to 67108864 (64 MiB); "
                    + "pass e.g. 65536, or null for QEMU's default"));
        }
        if (bufSize != null && bufSize <= 0) {
            problems.add(new Problem("bufSize", bufSize + " must be positive; pass e.g. 16777216 (16 MiB), or null for QEMU's default"));
        }
        if (!problems.isEmpty()) {
            throw new BlockGraphValidationException("MirrorSettings", problems);
        }
    }

    /**
     * colo4j's default for the resync: granularity 1 MiB, buf-size 64 MiB, copy-mode left to QEMU
     * (background). Measured with {@code ResyncBench} (BENCHMARKS.md, "Resync": a 1 GiB and a 4 GiB
     * disk of random data, a guest writing flat out, a new secondary on loopback): QEMU's own
     * defaults (64 KiB, 16 MiB) copied at 0.57-0.60 times what {@code qemu-img convert} reaches to the
     * same NBD export, these at 0.86-1.21 times it (colo4j's resume with them: 0.97 times at 1 GiB; 0.91 times on QEMU 7.2, 1.11 on 10.0 and 11.1 at 4 GiB). Each op of QEMU's mirror copies one run of dirty chunks,
     * and it keeps at most buf-size bytes and 16 ops in flight: bigger chunks and a deeper buffer mean
     * fewer, larger NBD requests per round trip. Granularity is also the unit a guest write makes
     * dirty again: 8 MiB copied the disk up to 6 times over under the writing guest, 1 MiB added a few
     * MiB. {@code write-blocking} cut the guest's own write rate by 90% for no faster copy. The cost: the
     * mirror's buffer of buf-size bytes on the primary while the job runs, per disk.
     */
    public static MirrorSettings defaults() {
        return DEFAULTS;
    }

    /** No argument set: QEMU decides granularity, buf-size and copy-mode. */
    public static MirrorSettings qemuDefaults() {
        return QEMU_DEFAULTS;
    }

    public MirrorSettings withGranularity(Long bytes) {
        return new MirrorSettings(bytes, bufSize, copyMode);
    }

    public MirrorSettings withBufSize(Long bytes) {
        return new MirrorSettings(granularity, bytes, copyMode);
    }

    public MirrorSettings withCopyMode(CopyMode mode) {
        return new MirrorSettings(granularity, bufSize, mode);
    }

    /** {@link #copyMode()}'s QMP value, or null. */
    String copyModeName() {
        return copyMode == null ? null : copyMode.qmpName();
    }
}
