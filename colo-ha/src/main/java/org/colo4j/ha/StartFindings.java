package org.colo4j.ha;

import java.util.List;
import java.util.Set;
import org.colo4j.Role;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.RunState;

/**
 * What {@link ColoGuard#start()} found on the nodes it controls, checked: at most one node running
 * alone, and otherwise at least one in COLO with every other one down (gone, unresponsive, or failed
 * while in COLO or in a dead run state), never merely not started.
 *
 * @param alone the node found running alone, or empty
 * @param down the nodes found down, which the guard decides about at once
 */
record StartFindings(List<NodeHealth> alone, List<NodeHealth> down) {

    /**
     * Checks what {@code found} says about the {@code roles} a guard controls.
     *
     * @throws GuardException if both nodes run alone, or no controlled node runs alone or replicates,
     *     or one was never started
     */
    static StartFindings of(List<NodeHealth> found, Set<Role> roles) {
        List<NodeHealth> alone = found.stream().filter(h -> h.state() == NodeHealth.State.ALONE).toList();
        List<NodeHealth> other = found.stream().filter(h -> roles.contains(h.role())
                && h.state() != NodeHealth.State.ALONE && h.state() != NodeHealth.State.REPLICATING).toList();
        if (alone.size() > 1) {
            throw new GuardException("both nodes run alone (" + found + "): the guest runs twice and the disks diverge;"
                    + " stop one of them by hand, then start the guard");
        }
        boolean anyInColo = found.stream().anyMatch(h -> roles.contains(h.role()) && h.state() == NodeHealth.State.REPLICATING);
        List<NodeHealth> down = other.stream().filter(StartFindings::downAtStart).toList();
        if (alone.isEmpty() && (!anyInColo || down.size() != other.size())) {
            throw new GuardException("the guard watches a pair in COLO (or a survivor running alone), but found "
                    + found + ": start the pair first (ColoPair.start()), or fail it over by hand");
        }
        return new StartFindings(alone, down);
    }

    /** A node found down at start (not one that was never started): the guard decides about it at once. */
    private static boolean downAtStart(NodeHealth h) {
        return h.state() == NodeHealth.State.GONE || h.state() == NodeHealth.State.UNRESPONSIVE
                || h.state() == NodeHealth.State.FAILED && (h.mode() != null && h.mode() != ColoMode.NONE
                || h.runState() == RunState.INTERNAL_ERROR
                || h.runState() == RunState.GUEST_PANICKED
                || h.runState() == RunState.SHUTDOWN);
    }
}
