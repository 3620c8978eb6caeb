package org.colo4j.ha;

import java.util.Objects;

/**
 * A term of the pair: a number that only grows, and the node that may run the guest alone in it.
 * Every failover moves the pair to the next epoch, won through {@link ArbiterSession#claim}; a node
 * that sees an epoch newer than its own, owned by another node, fences itself.
 *
 * @param number 0 before any failover, then 1, 2, ...
 * @param owner the name of the node that may run alone in this epoch; empty for epoch 0 (the pair
 *     replicates and nobody has failed over yet)
 */
public record Epoch(long number, String owner) {

    /** The epoch of a pair that has never failed over. */
    public static final Epoch INITIAL = new Epoch(0, "");

    public Epoch {
        Objects.requireNonNull(owner, "owner");
        if (number < 0) {
            throw new IllegalArgumentException("epoch number is " + number + "; epochs start at 0");
        }
        if (number > 0 && owner.isEmpty()) {
            throw new IllegalArgumentException("epoch " + number + " needs an owner: the node that won it");
        }
    }

    /** The epoch after this one, owned by {@code owner}. */
    public Epoch next(String owner) {
        return new Epoch(number + 1, owner);
    }

    /** Whether this epoch is later than {@code other}. */
    public boolean isNewerThan(Epoch other) {
        return number > other.number;
    }

    @Override
    public String toString() {
        return "epoch " + number + (owner.isEmpty() ? "" : " (" + owner + ")");
    }
}
