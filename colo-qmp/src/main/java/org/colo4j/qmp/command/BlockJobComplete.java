package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code block-job-complete}: finishes a {@code ready} mirror job by switching the source's users
 * over to the target (pivot). Not what COLO resync wants (it cancels instead, see
 * {@link BlockJobCancel}), but used when moving a disk.
 *
 * @param device the job id
 */
public record BlockJobComplete(String device) implements QmpCommand<Void> {

    public BlockJobComplete {
        Args.text(device, "device");
    }

    @Override
    public String commandName() {
        return "block-job-complete";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
