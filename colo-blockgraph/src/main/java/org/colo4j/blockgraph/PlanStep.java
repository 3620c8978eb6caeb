package org.colo4j.blockgraph;

import java.time.Duration;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpJson;

/**
 * One step of a {@link BlockPlan}: send a QMP command, or wait for a block-job event.
 */
public sealed interface PlanStep permits PlanStep.Execute, PlanStep.AwaitEvent {

    /**
     * Send {@code command} and wait for its reply.
     *
     * @param command the typed command
     */
    record Execute(QmpCommand<?> command) implements PlanStep {

        public Execute {
            Objects.requireNonNull(command, "command");
        }

        /** The command as one line of JSON, as it goes on the wire (without an id). */
        public String json() {
            return QmpJson.toJson(command);
        }

        /** The command's JSON line. */
        @Override
        public String toString() {
            return json();
        }
    }

    /**
     * Wait until QEMU emits {@code event} for the block job {@code device}. A runner must listen
     * from the start of the plan (the event may come before the step is reached) and fail when the
     * deadline passes or the event reports an {@code error}.
     *
     * @param event the event name, e.g. {@code BLOCK_JOB_READY}
     * @param device the event's {@code device} member: the job id
     * @param timeout how long to wait at most, counted from when the step is reached
     */
    record AwaitEvent(String event, String device, Duration timeout) implements PlanStep {

        public AwaitEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
        }

        /** e.g. {@code await BLOCK_JOB_READY device=resync-colo-disk0 (timeout PT10M)}. */
        @Override
        public String toString() {
            return "await " + event + " device=" + device + " (timeout " + timeout + ")";
        }
    }
}
