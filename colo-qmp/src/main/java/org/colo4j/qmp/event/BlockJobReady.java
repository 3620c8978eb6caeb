package org.colo4j.qmp.event;

/**
 * {@code BLOCK_JOB_READY}: a mirror job has caught up and may be completed or cancelled.
 *
 * <p>For the COLO resync mirror this is the moment to stop the VM and cancel the job.
 *
 * @param type the job type, e.g. {@code mirror}
 * @param device the job id, e.g. {@code resync}
 * @param len the total work in bytes
 * @param offset the work done in bytes
 * @param speed the rate limit in bytes per second, 0 for none
 */
public record BlockJobReady(String type, String device, long len, long offset, long speed) {}
