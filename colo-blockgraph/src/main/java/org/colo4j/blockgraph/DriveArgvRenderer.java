package org.colo4j.blockgraph;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the {@code -drive} arguments of docs/COLO-FT.txt for both QEMUs, one list element per
 * argument ({@code "-drive"}, then its option string), ready to append to a
 * {@link ProcessBuilder} command. Deterministic: the same spec gives the same strings.
 *
 * <p>Primary, per disk:
 * <pre>
 * -drive if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0.file.filename=$img,children.0.driver=qcow2
 * </pre>
 * Secondary, per disk, in this order (the parent must exist before the replication drive names it):
 * <pre>
 * -drive if=none,id=parent0,file.filename=$parent,driver=qcow2
 * -drive if=none,id=childs0,driver=replication,mode=secondary,file.driver=qcow2,top-id=colo-disk0,file.file.filename=$active,file.backing.driver=qcow2,file.backing.file.filename=$hidden,file.backing.backing=parent0
 * -drive if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0=childs0
 * </pre>
 * Paths are written as given (relative ones resolve against QEMU's working directory), with
 * {@code ,} escaped as {@code ,,}. The primary's replication child is not part of the argv: it is
 * added over QMP at COLO start ({@link BlockPlans#primaryReplicationChildAdd}).
 */
public final class DriveArgvRenderer {

    private DriveArgvRenderer() {}

    /** The primary's {@code -drive} arguments for every disk, in disk order. */
    public static List<String> primary(BlockReplication replication) {
        List<String> argv = new ArrayList<>();
        replication.primaryDisks().forEach(d -> argv.addAll(primary(d)));
        return List.copyOf(argv);
    }

    /** The secondary's {@code -drive} arguments for every disk, in disk order. */
    public static List<String> secondary(BlockReplication replication) {
        List<String> argv = new ArrayList<>();
        replication.secondaryDisks().forEach(d -> argv.addAll(secondary(d)));
        return List.copyOf(argv);
    }

    /** {@code ["-drive", <quorum over the primary image>]}. */
    public static List<String> primary(PrimaryDisk disk) {
        return List.of("-drive", primaryQuorum(disk));
    }

    /** {@code ["-drive", <parent>, "-drive", <replication>, "-drive", <quorum>]}. */
    public static List<String> secondary(SecondaryDisk disk) {
        return List.of("-drive", secondaryParent(disk), "-drive", secondaryReplication(disk), "-drive",
                secondaryQuorum(disk));
    }

    /** The option string of the primary's quorum drive. */
    public static String primaryQuorum(PrimaryDisk disk) {
        return quorumHead(disk.driveInterface(), disk.quorumId())
                + ",children.0.file.filename=" + path(disk.image())
                + ",children.0.driver=" + disk.image().format().qemuName();
    }

    /** The option string of the secondary's parent drive. */
    public static String secondaryParent(SecondaryDisk disk) {
        return "if=none,id=" + disk.parentId()
                + ",file.filename=" + path(disk.parentImage())
                + ",driver=" + disk.parentImage().format().qemuName();
    }

    /** The option string of the secondary's replication drive (active, hidden, parent chain). */
    public static String secondaryReplication(SecondaryDisk disk) {
        return "if=none,id=" + disk.replicationId()
                + ",driver=replication,mode=secondary"
                + ",file.driver=" + disk.activeImage().format().qemuName()
                + ",top-id=" + disk.topId()
                + ",file.file.filename=" + path(disk.activeImage())
                + ",file.backing.driver=" + disk.hiddenImage().format().qemuName()
                + ",file.backing.file.filename=" + path(disk.hiddenImage())
                + ",file.backing.backing=" + disk.parentId();
    }

    /** The option string of the secondary's quorum drive. */
    public static String secondaryQuorum(SecondaryDisk disk) {
        return quorumHead(disk.driveInterface(), disk.quorumId()) + ",children.0=" + disk.replicationId();
    }

    /**
     * {@code value} escaped for a QEMU option string: every {@code ,} doubled.
     *
     * @throws IllegalArgumentException if it holds a newline or NUL, which no escaping can pass
     */
    public static String escape(String value) {
        return OptionValues.escape(value);
    }

    private static String quorumHead(DriveInterface driveInterface, String id) {
        return "if=" + driveInterface.qemuName() + ",id=" + id + ",driver=quorum,read-pattern=fifo,vote-threshold=1";
    }

    private static String path(DiskImage image) {
        return OptionValues.escape(image.path().toString());
    }
}
