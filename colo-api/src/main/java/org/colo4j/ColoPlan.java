package org.colo4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A dry run: every phase of the pair's COLO life as ordered (node, command) steps, rendered without
 * connecting to anything. Values that only a live QEMU knows (the node name QEMU gave a drive, the
 * name of the quorum's replication child) appear as labelled placeholders such as
 * {@code <node of parent0>}.
 *
 * <p>{@code toString()} prints one line per step, phase by phase, ready to read in JShell.
 *
 * @param phases the phases, in the order a pair lives through them
 */
public record ColoPlan(List<Phase> phases) {

    public ColoPlan {
        phases = List.copyOf(phases);
    }

    /**
     * One phase.
     *
     * @param name e.g. {@code start: secondary}
     * @param steps in order
     */
    public record Phase(String name, List<ColoStep> steps) {
        public Phase {
            Objects.requireNonNull(name, "name");
            steps = List.copyOf(steps);
        }

        @Override
        public String toString() {
            return "== " + name + "\n" + steps.stream().map(ColoStep::toString).collect(Collectors.joining("\n"));
        }
    }

    /** The phase called {@code name}, if any. */
    public Optional<Phase> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return phases.stream().map(Phase::toString).collect(Collectors.joining("\n"));
    }
}
