/**
 * The live fault harness and suite (issue 11): a COLO pair whose nodes run in two network
 * namespaces joined by a veth pair, so that a test can freeze, kill or cut off a node the way real
 * hosts fail, and the {@code *FaultIT} scenarios that check {@link org.colo4j.ColoPair} against
 * those faults. Needs root (namespaces) and KVM (checkpoints); the tests skip with the reason
 * otherwise. {@code -Pfaults} repeats every scenario and writes RELIABILITY.md.
 *
 * <p>Null rule: parameters and return values are non-null unless their Javadoc says otherwise.
 */
package org.colo4j.fault;
