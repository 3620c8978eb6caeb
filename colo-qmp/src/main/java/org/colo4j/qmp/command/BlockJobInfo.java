package org.colo4j.qmp.command;

/**
 * One entry of the {@link QueryBlockJobs} reply.
 *
 * @param type the job type, e.g. {@code mirror}
 * @param device the job id (named {@code device} for historical reasons), e.g. {@code resync}
 * @param len the estimated total work in bytes; it may grow while the guest writes
 * @param offset the work done so far in bytes
 * @param busy whether the job is doing I/O right now; nullable
 * @param paused whether the job is paused; nullable
 * @param speed the rate limit in bytes per second, 0 for none; nullable
 * @param ready whether a mirror has caught up and may be completed or cancelled; nullable
 * @param status the job's state as QEMU spells it (see {@link #jobStatus()}); nullable
 * @param error the error message if the job failed; nullable
 */
public record BlockJobInfo(
        String type,
        String device,
        long len,
        long offset,
        Boolean busy,
        Boolean paused,
        Long speed,
        Boolean ready,
        String status,
        String error) {

    /** {@link #status()} as a {@link JobStatus}; {@link JobStatus#UNKNOWN} when absent or unknown. */
    public JobStatus jobStatus() {
        return JobStatus.fromWire(status);
    }
}
