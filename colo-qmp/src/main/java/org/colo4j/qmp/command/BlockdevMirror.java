package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code blockdev-mirror}: starts a mirror block job copying {@code device} onto the existing node
 * {@code target} (added beforehand with {@link BlockdevAdd}, e.g. an NBD client node).
 *
 * <p>The node-based alternative to {@link DriveMirror} for the COLO resync.
 *
 * @param jobId the job's id (QMP {@code job-id}); nullable (defaults to {@code device})
 * @param device the source node or block backend
 * @param target the target node name
 * @param sync {@code full}, {@code top} or {@code none}
 * @param speed the rate limit in bytes per second, 0 for none; nullable
 * @param granularity as for {@link DriveMirror#granularity()}; nullable
 * @param bufSize as for {@link DriveMirror#bufSize()}; nullable
 * @param copyMode as for {@link DriveMirror#copyMode()}; nullable
 */
@JsonPropertyOrder({"job-id", "device", "target", "sync", "speed", "granularity", "buf-size", "copy-mode"})
public record BlockdevMirror(
        @JsonProperty("job-id") String jobId,
        String device,
        String target,
        String sync,
        Long speed,
        Long granularity,
        @JsonProperty("buf-size") Long bufSize,
        @JsonProperty("copy-mode") String copyMode) implements QmpCommand<Void> {

    public BlockdevMirror {
        Args.optionalText(jobId, "jobId");
        Args.text(device, "device");
        Args.text(target, "target");
        Args.text(sync, "sync");
        Args.notNegative(speed, "speed");
        Args.mirrorGranularity(granularity);
        Args.notNegative(bufSize, "bufSize");
        Args.mirrorCopyMode(copyMode);
    }

    /** Without granularity, buf-size and copy-mode: QEMU's defaults for all three. */
    public BlockdevMirror(String jobId, String device, String target, String sync, Long speed) {
        this(jobId, device, target, sync, speed, null, null, null);
    }

    /** This mirror with {@code granularity}, {@code buf-size} and {@code copy-mode} set (each nullable: QEMU's default). */
    public BlockdevMirror withTuning(Long granularity, Long bufSize, String copyMode) {
        return new BlockdevMirror(jobId, device, target, sync, speed, granularity, bufSize, copyMode);
    }

    /** A full, unthrottled copy of {@code device} onto node {@code target}. */
    public static BlockdevMirror full(String jobId, String device, String target) {
        return new BlockdevMirror(jobId, device, target, "full", null);
    }

    @Override
    public String commandName() {
        return "blockdev-mirror";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
