/**
 * {@link org.colo4j.ha.zookeeper.ZooKeeperArbiter}: the {@link org.colo4j.ha.Arbiter} of colo-ha on
 * Apache Curator, for one guard agent per host that controls only its local QEMU. The pair's epoch
 * is a znode changed by version compare-and-set; each agent holds an ephemeral member znode in its
 * own ZooKeeper session; a lost session makes the agent fence its node.
 *
 * <p>Null rule: all parameters and return values are non-null unless documented otherwise. Every
 * failure is an unchecked {@link org.colo4j.ColoException}.
 */
package org.colo4j.ha.zookeeper;
