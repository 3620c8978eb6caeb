package org.colo4j.qmp.event;

/**
 * {@code BLOCK_JOB_COMPLETED}: a block job finished, was cancelled after becoming ready, or failed.
 * (A job cancelled before it was ready emits {@code BLOCK_JOB_CANCELLED} instead.)
 *
 * @param type the job type, e.g. {@code mirror}
 * @param device the job id
 * @param len the total work in bytes
 * @param offset the work done in bytes
 * @param speed the rate limit in bytes per second, 0 for none
 * @param error the error message if the job failed; nullable
 */
public record BlockJobCompleted(String type, String device, long len, long offset, long speed, String error) {

    /** Whether the job ended without error. */
    public boolean succeeded() {
        return error == null;
    }
}
