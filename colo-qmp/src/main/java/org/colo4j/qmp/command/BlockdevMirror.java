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
 */
@JsonPropertyOrder({"job-id", "device", "target", "sync", "speed"})
public record BlockdevMirror(
        @JsonProperty("job-id") String jobId,
        String device,
        String target,
        String sync,
        Long speed) implements QmpCommand<Void> {

    public BlockdevMirror {
        Args.optionalText(jobId, "jobId");
        Args.text(device, "device");
        Args.text(target, "target");
        Args.text(sync, "sync");
        Args.notNegative(speed, "speed");
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
