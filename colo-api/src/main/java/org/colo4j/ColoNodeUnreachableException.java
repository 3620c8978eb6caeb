package org.colo4j;

import java.util.Objects;

/**
 * An operation needs a node whose QMP monitor cannot be reached: its connection could not be opened,
 * has closed (QEMU exited, was killed, or the link dropped), or the node did not answer within its
 * deadline. The message names the node, its endpoint and what was tried; the cause is the QMP failure.
 *
 * <p>What to do: if the node is gone for good, fail over onto the other node
 * ({@code pair.failover().onX()} needs only the survivor); if it should be there, check that its QEMU
 * runs and that its QMP endpoint is reachable from this process.
 */
public class ColoNodeUnreachableException extends ColoException {

    private final Role role;
    private final String node;

    public ColoNodeUnreachableException(Role role, String node, String message, Throwable cause) {
        super(message, cause);
        this.role = Objects.requireNonNull(role, "role");
        this.node = Objects.requireNonNull(node, "node");
    }

    /** The unreachable node's role in the pair. */
    public Role role() {
        return role;
    }

    /** The unreachable node's name. */
    public String node() {
        return node;
    }
}
