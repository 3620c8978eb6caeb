package org.colo4j.ha;

/**
 * STONITH for the other node: called by a {@link ColoGuard} that has won the next epoch, for every
 * node it is about to fail over away from, before the failover. It must return only when that node's
 * guest can no longer run (powered off through IPMI, its QEMU killed on its host, its host cut off
 * from the guest network), and throw if it cannot make sure: the guard then does not fail over and
 * halts with {@link GuardEvent.FenceFailed}, since running the survivor alone next to a node that may
 * still run is the split brain the guard exists to prevent.
 *
 * <p>The guard also stops nodes it controls itself (see {@link SelfFence}), and the arbiter makes a
 * node whose guard lost the epoch fence itself; the Fencer covers what those cannot reach: a node
 * whose host and guard are frozen or cut off. {@link #NONE} relies on those alone.
 */
@FunctionalInterface
public interface Fencer {

    /** Fences nothing: the arbiter and the guards' self-fencing are trusted alone. */
    Fencer NONE = request -> { };

    /**
     * Makes sure {@code request.node()}'s guest no longer runs.
     *
     * @throws RuntimeException if that cannot be made sure
     */
    void fence(FenceRequest request);
}
