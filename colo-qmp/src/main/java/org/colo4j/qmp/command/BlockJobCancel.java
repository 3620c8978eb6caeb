package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code block-job-cancel}: stops a block job. Cancelling a mirror that is {@code ready} leaves the
 * target as a consistent copy without switching the guest over to it.
 *
 * <p>That is how COLO resync ends: COLO-FT.txt stops the VM, then
 * {@code {"execute": "block-job-cancel", "arguments": {"device": "resync"}}}. QEMU emits
 * {@code BLOCK_JOB_COMPLETED} when the job has gone.
 *
 * @param device the job id (the member is called {@code device} for historical reasons)
 * @param force whether to cancel at once even if the job is paused; nullable
 */
public record BlockJobCancel(String device, Boolean force) implements QmpCommand<Void> {

    public BlockJobCancel {
        Args.text(device, "device");
    }

    /** Cancels job {@code jobId} without {@code force}. */
    public static BlockJobCancel of(String jobId) {
        return new BlockJobCancel(jobId, null);
    }

    @Override
    public String commandName() {
        return "block-job-cancel";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
