package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code drive-mirror}: starts a mirror block job copying {@code device} to the image
 * {@code target}, which QEMU opens itself (a file name or an NBD URI).
 *
 * <p>Resuming COLO replication resyncs the new secondary's disk this way: COLO-FT.txt
 * {@code {"execute": "drive-mirror", "arguments": {"device": "colo-disk0", "job-id": "resync",
 * "target": "nbd://127.0.0.2:9999/parent0", "mode": "existing", "format": "raw", "sync": "full"}}}.
 * The job reports {@code BLOCK_JOB_READY} when caught up; the node is then stopped and the job
 * cancelled with {@link BlockJobCancel}, which leaves the target in sync. See also
 * {@link BlockdevMirror} for a target that is already a node.
 *
 * @param jobId the job's id (QMP {@code job-id}); nullable (defaults to {@code device})
 * @param device the source node or block backend
 * @param target the target image, e.g. {@code nbd://127.0.0.2:9999/parent0}
 * @param format the target's format, e.g. {@code raw}; nullable (probed or same as source)
 * @param sync {@code full}, {@code top}, {@code none}, {@code incremental} or {@code bitmap}
 * @param mode {@code existing} (the target exists, as with NBD) or {@code absolute-paths}
 *     (create it); nullable
 * @param speed the rate limit in bytes per second, 0 for none; nullable
 * @param granularity the dirty bitmap's granularity in bytes, the unit the job copies and re-copies:
 *     a power of 2 from 512 to 64 MiB; nullable (QEMU: the target's cluster size, or 64 KiB)
 * @param bufSize the most bytes in flight from source to target (QMP {@code buf-size}); nullable
 *     (QEMU: 16 MiB)
 * @param copyMode {@code background} (guest writes are copied later, from the dirty bitmap) or
 *     {@code write-blocking} (each guest write also goes to the target before it completes, so the
 *     job converges however fast the guest writes); nullable (QEMU: background)
 */
@JsonPropertyOrder({"job-id", "device", "target", "format", "sync", "mode", "speed", "granularity", "buf-size", "copy-mode"})
public record DriveMirror(
        @JsonProperty("job-id") String jobId,
        String device,
        String target,
        String format,
        String sync,
        String mode,
        Long speed,
        Long granularity,
        @JsonProperty("buf-size") Long bufSize,
        @JsonProperty("copy-mode") String copyMode) implements QmpCommand<Void> {

    public DriveMirror {
        Args.optionalText(jobId, "jobId");
        Args.text(device, "device");
        Args.text(target, "target");
        Args.optionalText(format, "format");
        Args.text(sync, "sync");
        Args.optionalText(mode, "mode");
        Args.notNegative(speed, "speed");
        Args.mirrorGranularity(granularity);
        Args.notNegative(bufSize, "bufSize");
        Args.mirrorCopyMode(copyMode);
    }

    /** Without granularity, buf-size and copy-mode: QEMU's defaults for all three. */
    public DriveMirror(String jobId, String device, String target, String format, String sync, String mode, Long speed) {
        this(jobId, device, target, format, sync, mode, speed, null, null, null);
    }

    /** This mirror with {@code granularity}, {@code buf-size} and {@code copy-mode} set (each nullable: QEMU's default). */
    public DriveMirror withTuning(Long granularity, Long bufSize, String copyMode) {
        return new DriveMirror(jobId, device, target, format, sync, mode, speed, granularity, bufSize, copyMode);
    }

    /**
     * A full copy of {@code device} onto the existing image {@code target} in {@code format}: the
     * COLO resync mirror, e.g. {@code toExisting("resync", "colo-disk0", "nbd://127.0.0.2:9999/parent0", "raw")}.
     */
    public static DriveMirror toExisting(String jobId, String device, String target, String format) {
        return new DriveMirror(jobId, device, target, format, "full", "existing", null);
    }

    @Override
    public String commandName() {
        return "drive-mirror";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
