package org.colo4j.ha;

/**
 * Decides which node of a pair may run alone, so that at most one ever does. A pair's arbitration
 * holds an {@link Epoch} (a number that only grows, and the node that may run alone in it) and the
 * sessions of the guards taking part: before a guard fails over onto a node it must win the next
 * epoch by compare-and-set ({@link ArbiterSession#claim}); a guard whose session is lost, or that sees
 * an epoch newer than its own owned by another node, fences its nodes at once.
 *
 * <p>Two implementations: {@link InProcessArbiter}, the embedded default for one controller process
 * that holds both QMP connections (and for guards sharing one JVM), and {@code ZooKeeperArbiter}
 * (module colo-ha-zookeeper), for one guard agent per host coordinating through ZooKeeper.
 *
 * <p>Implementations are thread-safe.
 */
public interface Arbiter extends AutoCloseable {

    /**
     * Joins the pair's arbitration as {@code member} (a guard's name: for an agent its node's name),
     * until the session is closed or lost. {@code listener} hears of epoch changes, members joining
     * and leaving, replacements announced and the loss of this session, on an arbiter thread, in
     * order.
     *
     * @throws ArbiterException if the arbiter cannot be reached, or {@code member} already has a live
     *     session
     */
    ArbiterSession join(String member, ArbiterListener listener);

    /** Ends every session this arbiter opened and releases its resources. */
    @Override
    void close();
}
