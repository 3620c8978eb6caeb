/**
 * colo4j's pair API: a COLO primary/secondary pair described once, validated as a whole, rendered to
 * both nodes' argv and QMP plans, and driven live (start, failover, resume); stored in pair files
 * ({@link org.colo4j.ColoPairSpec#read}, {@link org.colo4j.ColoPairSpec#write}); plus
 * {@link org.colo4j.QemuLauncher} to run QEMU processes.
 *
 * <p>Null rule: all parameters and return values are non-null unless documented otherwise. Every
 * failure is an unchecked {@link org.colo4j.ColoException}.
 */
package org.colo4j;
