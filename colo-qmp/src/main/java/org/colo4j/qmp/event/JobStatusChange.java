package org.colo4j.qmp.event;

import org.colo4j.qmp.command.JobStatus;

/**
 * {@code JOB_STATUS_CHANGE}: a job moved to a new state of its life cycle.
 *
 * @param id the job id, e.g. {@code resync}
 * @param status the new state; {@link JobStatus#NULL_} when the job is gone
 */
public record JobStatusChange(String id, JobStatus status) {}
