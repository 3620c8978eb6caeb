package org.colo4j;

import org.colo4j.qmp.command.ColoMode;

/**
 * Both nodes of a pair as their QEMUs report them, by role.
 *
 * @param primary the node in the primary role
 * @param secondary the node in the secondary role
 */
public record ColoStatus(NodeStatus primary, NodeStatus secondary) {

    /** Whether COLO is running: the primary reports mode primary and the secondary mode secondary. */
    public boolean isReplicating() {
        return primary.isInColo(ColoMode.PRIMARY) && secondary.isInColo(ColoMode.SECONDARY);
    }

    /** The node in {@code role}. */
    public NodeStatus node(Role role) {
        return role == Role.PRIMARY ? primary : secondary;
    }

    @Override
    public String toString() {
        return "primary   " + primary + "\nsecondary " + secondary;
    }
}
