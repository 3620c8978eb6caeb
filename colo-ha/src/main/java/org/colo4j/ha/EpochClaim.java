package org.colo4j.ha;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of {@link ArbiterSession#claim}: won (the pair is now in {@link #epoch()}, owned by the
 * claimant's node) or lost (another claim got there first; {@link #epoch()} is the arbiter's current
 * epoch).
 *
 * @param won whether this claim moved the pair to the next epoch
 * @param epoch the new epoch if won, else the arbiter's current one
 * @param took how long the arbiter took to answer
 */
public record EpochClaim(boolean won, Epoch epoch, Duration took) {

    public EpochClaim {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(took, "took");
    }

    @Override
    public String toString() {
        return (won ? "won " : "lost to ") + epoch + " in " + took.toMillis() + " ms";
    }
}
