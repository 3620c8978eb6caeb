package org.colo4j;

import java.time.Duration;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpJson;

/**
 * One step of a COLO procedure: a QMP command for one node, or a wait for an event there.
 *
 * @param node the node the step runs on
 * @param purpose what the step does, in COLO's words
 * @param command the command to send, or null for a wait
 * @param awaitEvent the event to wait for (with {@code device} matching {@code awaitDevice}), or null
 * @param awaitDevice the {@code device} member the awaited event must carry, or null
 * @param timeout how long a wait may take, or null
 * @param alreadyDone the text of QEMU's error that means this teardown step was already done (so
 *     repeating a failover is not an error), or null when every error is a failure
 */
public record ColoStep(Role node, String purpose, QmpCommand<?> command, String awaitEvent, String awaitDevice,
                       Duration timeout, String alreadyDone) {

    public ColoStep {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(purpose, "purpose");
        if ((command == null) == (awaitEvent == null)) {
            throw new IllegalArgumentException("a step either sends a command or awaits an event");
        }
    }

    /** A command step. */
    public static ColoStep execute(Role node, String purpose, QmpCommand<?> command) {
        return new ColoStep(node, purpose, command, null, null, null, null);
    }

    /** A teardown command step that tolerates QEMU's {@code alreadyDone} error text. */
    public static ColoStep teardown(Role node, String purpose, QmpCommand<?> command, String alreadyDone) {
        return new ColoStep(node, purpose, command, null, null, null, alreadyDone);
    }

    /** A wait for {@code event} whose {@code device} is {@code device}. */
    public static ColoStep await(Role node, String purpose, String event, String device, Duration timeout) {
        return new ColoStep(node, purpose, null, event, device, Objects.requireNonNull(timeout, "timeout"), null);
    }

    /** Whether QEMU's error {@code e} means this step had already been done. */
    public boolean isAlreadyDone(QmpErrorResponseException e) {
        return alreadyDone != null && e.description().equals(alreadyDone);
    }

    /** The command as one line of JSON, or the wait in words. */
    public String describe() {
        return command != null ? QmpJson.toJson(command) : "await " + awaitEvent + " device=" + awaitDevice + " (" + timeout + ")";
    }

    /** {@code [primary] {"execute":...}  # purpose}. */
    @Override
    public String toString() {
        return "[" + node + "] " + describe() + "  # " + purpose;
    }
}
