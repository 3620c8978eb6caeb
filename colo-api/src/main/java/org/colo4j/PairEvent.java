package org.colo4j;

import java.util.Objects;
import org.colo4j.qmp.QmpEvent;

/**
 * An event from one node of a pair that HA logic should react to: {@code COLO_EXIT}, {@code SHUTDOWN},
 * {@code RESET}, and {@code STOP} when it is not part of a COLO checkpoint (that is, while COLO is not
 * replicating).
 *
 * @param role the node's role when the event arrived
 * @param node the node's name
 * @param event the event as QEMU sent it
 */
public record PairEvent(Role role, String node, QmpEvent event) {

    public PairEvent {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(event, "event");
    }

    @Override
    public String toString() {
        return role + " " + node + ": " + event;
    }
}
