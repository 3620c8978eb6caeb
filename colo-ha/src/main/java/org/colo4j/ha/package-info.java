/**
 * Automatic HA for a COLO pair: {@link org.colo4j.ha.ColoGuard} watches a
 * {@link org.colo4j.ColoPair}, decides from what both nodes report which one carries on, fences the
 * other and fails over by itself; an {@link org.colo4j.ha.Arbiter} (the embedded
 * {@link org.colo4j.ha.InProcessArbiter}, or {@code ZooKeeperArbiter} in colo-ha-zookeeper) makes
 * sure that at most one node ever runs alone: a failover needs the pair's next epoch, and a node
 * that loses its arbiter session or sees a newer epoch fences itself. Every observation and decision
 * is a {@link org.colo4j.ha.GuardEvent}.
 *
 * <p>Null rule: all parameters and return values are non-null unless documented otherwise. Every
 * failure is an unchecked {@link org.colo4j.ColoException}.
 */
package org.colo4j.ha;
