/**
 * COLO's block replication graph: a typed model of the disks of one primary/secondary pair,
 * its validation, the {@code -drive} arguments for both QEMUs and the QMP plans that wire it up
 * at run time.
 *
 * <h2>The graph</h2>
 * <pre>
 * primary QEMU                                  secondary QEMU
 *   quorum colo-disk0 (fifo, vote-threshold 1)    quorum colo-disk0 (fifo, vote-threshold 1)
 *   |- children.0: primary image (qcow2/raw)      |- children.0: replication childs0 (mode secondary, top-id colo-disk0)
 *   '- children.1: replication replication0           '- file: active disk (qcow2)
 *        (mode primary)                                    '- backing: hidden disk (qcow2)
 *        '- file: NBD client  ---------------------------------> '- backing: parent parent0 (copy of the primary image)
 *                 export parent0 on the secondary's NBD server   ^ exported over NBD as "parent0"
 * </pre>
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link org.colo4j.blockgraph.PrimaryDisk}, {@link org.colo4j.blockgraph.SecondaryDisk}: one
 *       disk on each side; {@link org.colo4j.blockgraph.BlockReplication}: all disks of a pair plus
 *       the NBD server address. Every {@code build()} reports all problems at once in a
 *       {@link org.colo4j.blockgraph.BlockGraphValidationException}.</li>
 *   <li>{@link org.colo4j.blockgraph.DriveArgvRenderer}: the {@code -drive} arguments of
 *       docs/COLO-FT.txt, one list element per argument.</li>
 *   <li>{@link org.colo4j.blockgraph.BlockPlans}: ordered QMP plans (NBD export, replication child
 *       add, failover teardown, resync by mirror).</li>
 *   <li>{@link org.colo4j.blockgraph.QemuImg}, {@link org.colo4j.blockgraph.ImageInspection}:
 *       creating active/hidden disks of the right size and checking image files before QEMU does.</li>
 *   <li>{@link org.colo4j.blockgraph.LiveBlockGraph}: the graph a running QEMU actually built,
 *       compared with the model.</li>
 * </ul>
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package org.colo4j.blockgraph;
