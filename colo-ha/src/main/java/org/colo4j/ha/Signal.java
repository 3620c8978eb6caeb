package org.colo4j.ha;

import java.time.Instant;
import java.util.Objects;
import org.colo4j.Role;

/**
 * Something a {@link ColoGuard} saw that may mean a node has failed. A signal only starts a decision:
 * the guard then asks every node it controls how it is, and decides from the answers (see
 * {@link ColoGuard}), never from the signal's fields alone.
 *
 * @param role the role of the node the signal is about; null for {@link Kind#SESSION_LOST} and
 *     {@link Kind#NEWER_EPOCH}, which concern the guard itself
 * @param node that node's name, or the guard's member name
 * @param kind what was seen
 * @param detail what exactly, in words (event data, the deadline missed, the count of errors)
 * @param at when the guard saw it
 */
public record Signal(Role role, String node, Kind kind, String detail, Instant at) {

    /** What a guard can see. */
    public enum Kind {
        /** The node's QMP connection closed: its QEMU exited or was killed, or the link to it reset. */
        CONNECTION_CLOSED,
        /** The node reported {@code COLO_EXIT} with reason {@code error}: COLO broke (its peer or the link). */
        COLO_EXIT_ERROR,
        /** A liveness query ({@code query-status}) got no answer within {@link GuardOptions#probeTimeout()}. */
        UNRESPONSIVE,
        /** The primary reported no {@code RESUME} within {@link GuardOptions#checkpointStall}. */
        CHECKPOINT_STALL,
        /** The node's guest cannot go on: run state {@code internal-error}, {@code guest-panicked} or {@code shutdown}. */
        GUEST_STOPPED,
        /** {@link GuardOptions#diskErrorThreshold()} disk errors ({@code QUORUM_REPORT_BAD}, {@code BLOCK_IO_ERROR}) within the window. */
        DISK_ERRORS,
        /** The peer's guard left the arbitration, or its session expired (agents). */
        PEER_SESSION_ENDED,
        /** This guard's own arbiter session is lost: it fences its nodes at once. */
        SESSION_LOST,
        /** The arbiter moved to an epoch newer than this guard's, owned by another node: it fences its nodes at once. */
        NEWER_EPOCH
    }

    public Signal {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    /** A signal about the node in {@code role}, seen now. */
    static Signal of(Role role, String node, Kind kind, String detail) {
        return new Signal(role, node, kind, detail, Instant.now());
    }

    @Override
    public String toString() {
        return kind + " " + (role == null ? "" : role + " ") + node + ": " + detail;
    }
}
