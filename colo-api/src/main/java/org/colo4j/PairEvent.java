package org.colo4j;

import java.util.Objects;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpException;

/**
 * Something HA logic should react to, from one node of a pair.
 *
 * <ul>
 *   <li>{@link Kind#QEMU_EVENT}: an event QEMU sent: {@code COLO_EXIT}, {@code SHUTDOWN},
 *       {@code RESET}, {@code GUEST_PANICKED}, and {@code STOP} when it is not part of a COLO
 *       checkpoint or of colo4j's own procedures;</li>
 *   <li>{@link Kind#CONNECTION_CLOSED}: the node's QMP connection closed ({@link #cause()} says how:
 *       QEMU exited or was killed, the socket reset, or the pair was closed);</li>
 *   <li>{@link Kind#NODE_FAILED}: the node's guest can no longer run: run state
 *       {@code internal-error} (e.g. a KVM emulation failure) or {@code guest-panicked}, seen after
 *       a {@code STOP}.</li>
 * </ul>
 *
 * <p><b>Events of colo4j's own operations.</b> While this pair runs {@code start()}, a failover or a
 * resume, QEMU reports what those operations do: a failover ends COLO with
 * {@code COLO_EXIT {mode, reason: request}} on the survivor, and a secondary that loses its primary
 * reports {@code COLO_EXIT {secondary, error}} <em>before</em> colo4j's failover runs. Such events
 * arrive with {@link #duringOperation()} true, and so does the other node's {@code COLO_EXIT} after
 * this pair failed over (that node notices the lost peer in its own time, possibly after the
 * failover returned); an HA policy should ignore them and decide from
 * {@link ColoPair#status()} (which node answers, and what each reports), never from one event's
 * fields alone: {@code COLO_EXIT {secondary, error}} arrives on the secondary both when the
 * secondary's own replication failed and when the primary died.
 *
 * @param role the node's role when the event arrived
 * @param node the node's name
 * @param kind what happened
 * @param event the event as QEMU sent it; null unless {@code kind} is {@link Kind#QEMU_EVENT} or
 *     {@link Kind#NODE_FAILED} (then the {@code STOP} or {@code GUEST_PANICKED} that revealed it)
 * @param cause why the connection closed; null unless {@code kind} is {@link Kind#CONNECTION_CLOSED}
 * @param duringOperation true if the event arrived while this pair ran start, a failover or a resume,
 *     or is the {@code COLO_EXIT} of the node this pair failed over away from
 */
public record PairEvent(Role role, String node, Kind kind, QmpEvent event, QmpException cause, boolean duringOperation) {

    /** What a {@link PairEvent} reports. */
    public enum Kind {
        /** QEMU sent an event ({@link PairEvent#event()}). */
        QEMU_EVENT,
        /** The node's QMP connection closed ({@link PairEvent#cause()}). */
        CONNECTION_CLOSED,
        /** The node's run state is {@code internal-error} or {@code guest-panicked}. */
        NODE_FAILED
    }

    public PairEvent {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.CONNECTION_CLOSED) {
            Objects.requireNonNull(cause, "cause");
        } else {
            Objects.requireNonNull(event, "event");
        }
    }

    /** A QEMU event from {@code node}. */
    public static PairEvent qemuEvent(Role role, String node, QmpEvent event, boolean duringOperation) {
        return new PairEvent(role, node, Kind.QEMU_EVENT, event, null, duringOperation);
    }

    /** {@code node}'s QMP connection closed because of {@code cause}. */
    public static PairEvent connectionClosed(Role role, String node, QmpException cause, boolean duringOperation) {
        return new PairEvent(role, node, Kind.CONNECTION_CLOSED, null, cause, duringOperation);
    }

    /** {@code node} reported a run state its guest cannot continue from; {@code event} revealed it. */
    public static PairEvent nodeFailed(Role role, String node, QmpEvent event, boolean duringOperation) {
        return new PairEvent(role, node, Kind.NODE_FAILED, event, null, duringOperation);
    }

    /** The QEMU event's name ({@code COLO_EXIT}, ...), or the kind's name for the other kinds. */
    public String name() {
        return kind == Kind.QEMU_EVENT ? event.name() : kind.name();
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case QEMU_EVENT -> event.toString();
            case CONNECTION_CLOSED -> "QMP connection closed: " + cause.getMessage();
            case NODE_FAILED -> "failed (" + event.name() + ")";
        };
        return role + " " + node + ": " + what + (duringOperation ? " (during a colo4j operation)" : "");
    }
}
