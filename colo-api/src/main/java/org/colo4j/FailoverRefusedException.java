package org.colo4j;

import java.util.Objects;

/**
 * A failover was refused before it changed anything: the node that was to carry on is neither in COLO
 * nor already running alone (for example a secondary whose start never reached COLO: it holds no
 * consistent copy of the guest). {@link #status()} is what the node reported.
 */
public class FailoverRefusedException extends ColoException {

    private final NodeStatus status;

    public FailoverRefusedException(String message, NodeStatus status) {
        super(message);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** The node's status when the failover was refused. */
    public NodeStatus status() {
        return status;
    }
}
