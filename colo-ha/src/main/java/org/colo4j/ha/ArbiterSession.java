package org.colo4j.ha;

/**
 * One guard's membership in a pair's arbitration. While it is live, the other members see
 * {@link #member()} as present; when it is closed or lost (for ZooKeeper: the session expired) they
 * see it leave, and its own listener hears {@link ArbiterEvent.SessionLost}.
 */
public interface ArbiterSession extends AutoCloseable {

    /** The member name this session joined as. */
    String member();

    /** Whether the session is still live (not closed, not lost). */
    boolean isLive();

    /**
     * The pair's current epoch, read from the arbiter now.
     *
     * @throws ArbiterException if the arbiter cannot be reached or this session is not live
     */
    Epoch epoch();

    /**
     * Moves the pair from {@code expected} to the next epoch, owned by {@code owner}, if and only if
     * the arbiter is still at {@code expected}'s number (compare-and-set): of any number of claims on
     * the same epoch exactly one wins.
     *
     * @param expected the epoch the claimant last knew
     * @param owner the node that will run alone if the claim wins
     * @throws ArbiterException if the arbiter cannot be reached or this session is not live (the
     *     claim is then not won: fence rather than fail over)
     */
    EpochClaim claim(Epoch expected, String owner);

    /**
     * Whether {@code member} has a live session now.
     *
     * @throws ArbiterException if the arbiter cannot be reached
     */
    boolean isPresent(String member);

    /**
     * Announces a replacement secondary to the guard of the survivor (failback). The last
     * announcement replaces earlier ones.
     *
     * @throws ArbiterException if the arbiter cannot be reached
     */
    void announceReplacement(Replacement replacement);

    /** Leaves the arbitration: the other members see this member gone. Harmless twice. */
    @Override
    void close();
}
