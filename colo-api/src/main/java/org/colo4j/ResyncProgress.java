package org.colo4j;

/**
 * How far the copy of one disk to a new secondary has come.
 *
 * @param jobId the mirror job, {@code resync-<quorum id>}
 * @param offset bytes copied so far
 * @param length bytes to copy in all (may grow while the guest writes)
 */
public record ResyncProgress(String jobId, long offset, long length) {

    /** Percent done, 0-100. */
    public double percent() {
        return length <= 0 ? 100.0 : Math.min(100.0, 100.0 * offset / length);
    }

    @Override
    public String toString() {
        return String.format("%s %.1f%% (%d / %d bytes)", jobId, percent(), offset, length);
    }
}
