package org.colo4j.blockgraph;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.command.BlockExportAdd;
import org.colo4j.qmp.command.BlockInfo;
import org.colo4j.qmp.command.BlockJobCancel;
import org.colo4j.qmp.command.BlockdevAdd;
import org.colo4j.qmp.command.BlockdevDel;
import org.colo4j.qmp.command.BlockdevMirror;
import org.colo4j.qmp.command.DriveMirror;
import org.colo4j.qmp.command.NbdServerAdd;
import org.colo4j.qmp.command.NbdServerStart;
import org.colo4j.qmp.command.SocketAddressLegacy;
import org.colo4j.qmp.command.Stop;
import org.colo4j.qmp.command.XBlockdevChange;

/**
 * The QMP plans of block replication, rendered from a validated {@link BlockReplication}. Each
 * method returns a {@link BlockPlan} (data, deterministic); nothing is sent.
 *
 * <ol>
 *   <li>{@link #secondaryNbdExport}: on the secondary, before the primary migrates.</li>
 *   <li>{@link #primaryReplicationChildAdd}: on the primary, after the export, before
 *       {@code migrate}.</li>
 *   <li>{@link #primaryFailoverTeardown}: on the primary after the secondary died.</li>
 *   <li>{@link #resync}: on the surviving primary, to copy its disks to a new secondary's exports
 *       before replication resumes (then {@link #primaryReplicationChildAdd} again).</li>
 * </ol>
 */
public final class BlockPlans {

    /** How long {@link #resync(BlockReplication, MirrorMethod)} waits for a mirror to be ready. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(30);

    /** How long a resync waits for a cancelled (ready) mirror to conclude. */
    public static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(1);

    private BlockPlans() {}

    /**
     * The secondary's NBD server and one writable export per disk, named after the parent:
     * {@code nbd-server-start} (with {@code tls-creds} when {@link BlockReplication#nbdServerTlsCreds()}
     * is set: then only TLS clients get in), then {@code block-export-add} (QEMU 5.2 and later) or the
     * deprecated {@code nbd-server-add} (older QEMU).
     *
     * <p>{@code block-export-add} takes a node name, not a drive id: with the parent given as
     * {@code -drive id=parent0} QEMU names the node itself ({@code #block123}) and refuses
     * {@code parent0} ("Cannot find device='' nor node-name='parent0'"). So the parents' node
     * names are looked up in {@code queryBlock}, the secondary's {@code query-block} reply. For QEMU
     * older than 5.2 it is not used ({@code nbd-server-add} takes the drive id) and may be empty.
     *
     * @param qemu the secondary's QEMU version
     * @param queryBlock the secondary's {@code query-block} reply
     * @throws BlockGraphException if a parent drive is missing from {@code queryBlock} (QEMU 5.2+)
     */
    public static BlockPlan secondaryNbdExport(BlockReplication replication, QemuVersion qemu,
            List<BlockInfo> queryBlock) {
        Objects.requireNonNull(qemu, "qemu");
        Objects.requireNonNull(queryBlock, "queryBlock");
        NbdAddress server = replication.nbdServer();
        List<PlanStep> steps = new ArrayList<>();
        steps.add(exec(new NbdServerStart(SocketAddressLegacy.inet(server.host(), server.port()),
                replication.nbdServerTlsCreds(), null, null)));
        for (SecondaryDisk d : replication.secondaryDisks()) {
            if (qemu.isAtLeast(5, 2)) {
                steps.add(exec(BlockExportAdd.nbd(d.exportName(), parentNodeName(d, queryBlock), d.exportName(), true)));
            } else {
                steps.add(exec(new NbdServerAdd(d.parentId(), null, true)));
            }
        }
        return new BlockPlan("secondary NBD export", Side.SECONDARY, steps);
    }

    private static String parentNodeName(SecondaryDisk d, List<BlockInfo> queryBlock) {
        for (BlockInfo b : queryBlock) {
            if (d.parentId().equals(b.device())) {
                if (b.inserted() == null || b.inserted().nodeName() == null) {
                    throw new BlockGraphException("the secondary's drive '" + d.parentId() + "' has no medium;"
                            + " start the secondary with DriveArgvRenderer.secondary(...)'s arguments");
                }
                return b.inserted().nodeName();
            }
        }
        throw new BlockGraphException("the secondary has no drive '" + d.parentId() + "' (query-block lists "
                + queryBlock.stream().map(BlockInfo::device).toList() + "); start it with"
                + " DriveArgvRenderer.secondary(...)'s arguments");
    }

    /**
     * Per disk, the replication node in mode primary over an NBD client to the secondary's export,
     * then attached to the quorum: {@code blockdev-add} and {@code x-blockdev-change}. No HMP
     * {@code drive_add} is needed. With {@link BlockReplication#nbdClientTlsCreds()} the NBD client gets
     * {@code tls-creds} (QEMU checks the server's certificate against the target's host).
     */
    public static BlockPlan primaryReplicationChildAdd(BlockReplication replication) {
        List<PlanStep> steps = new ArrayList<>();
        for (PrimaryDisk d : replication.primaryDisks()) {
            ObjectNode options = JsonNodeFactory.instance.objectNode();
            options.put("driver", "replication");
            options.put("mode", "primary");
            options.put("node-name", d.replicationNodeName());
            options.set("file", nbdNode(replication, d.exportName(), null));
            steps.add(exec(new BlockdevAdd(options)));
            steps.add(exec(XBlockdevChange.addNode(d.quorumId(), d.replicationNodeName())));
        }
        return new BlockPlan("primary replication child add", Side.PRIMARY, steps);
    }

    /**
     * After the secondary died: per disk, detach the replication child from the quorum under the
     * name QEMU really gave it (read from {@code live}, e.g. {@code children.1}), then
     * {@code blockdev-del} it. Disks whose replication node is already detached only get the
     * {@code blockdev-del}; disks without one get nothing, so the plan may be empty.
     *
     * @param live the primary's graph, read just before ({@link LiveBlockGraph#read})
     */
    public static BlockPlan primaryFailoverTeardown(BlockReplication replication, LiveBlockGraph live) {
        List<PlanStep> steps = new ArrayList<>();
        for (PrimaryDisk d : replication.primaryDisks()) {
            live.childName(d.quorumId(), d.replicationNodeName())
                    .ifPresent(child -> steps.add(exec(XBlockdevChange.removeChild(d.quorumId(), child))));
            if (live.node(d.replicationNodeName()).isPresent()) {
                steps.add(exec(new BlockdevDel(d.replicationNodeName())));
            }
        }
        return new BlockPlan("primary failover teardown", Side.PRIMARY, steps);
    }

    /** {@link #resync(BlockReplication, MirrorMethod, Duration)} with {@link #DEFAULT_READY_TIMEOUT}. */
    public static BlockPlan resync(BlockReplication replication, MirrorMethod method) {
        return resync(replication, method, DEFAULT_READY_TIMEOUT);
    }

    /**
     * Copies every primary disk to the new secondary's exports and stops the guest with the copies
     * in sync: per disk a full mirror to {@code nbd://target/export} (job {@code resync-<quorum id>}),
     * wait for every {@code BLOCK_JOB_READY}, {@code stop}, {@code block-job-cancel} each job (a
     * ready mirror then completes without switching over) and wait for its
     * {@code BLOCK_JOB_COMPLETED}. With {@link MirrorMethod#BLOCKDEV_MIRROR} the NBD client nodes
     * ({@code resync-target<i>}) are added first and deleted last.
     *
     * <p>Run {@link #secondaryNbdExport} on the new secondary first, and make sure the quorum has no
     * replication child left ({@link #primaryFailoverTeardown}). Afterwards the guest is stopped: add
     * the replication children and migrate.
     *
     * <p>With TLS on the NBD replication only {@link MirrorMethod#BLOCKDEV_MIRROR} can reach the
     * exports: its target nodes carry {@code tls-creds}, while {@code drive-mirror}'s
     * {@code nbd://} target cannot.
     *
     * @param readyTimeout how long to wait for each mirror to be ready (depends on disk size)
     * @throws BlockGraphException for {@link MirrorMethod#DRIVE_MIRROR} with TLS on the NBD replication
     */
    public static BlockPlan resync(BlockReplication replication, MirrorMethod method, Duration readyTimeout) {
        return resync(replication, method, readyTimeout, MirrorSettings.defaults());
    }

    /**
     * {@link #resync(BlockReplication, MirrorMethod, Duration)} with the mirror jobs' granularity,
     * buf-size and copy-mode from {@code settings} ({@link MirrorSettings#defaults()} there).
     */
    public static BlockPlan resync(BlockReplication replication, MirrorMethod method, Duration readyTimeout,
                                   MirrorSettings settings) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        if (method == MirrorMethod.DRIVE_MIRROR && replication.nbdClientTlsCreds() != null) {
            throw new BlockGraphException("drive-mirror's target is an nbd:// URI, which cannot carry tls-creds, and the"
                    + " NBD server requires TLS: resync with MirrorMethod.BLOCKDEV_MIRROR");
        }
        NbdAddress target = replication.nbdTarget();
        List<PrimaryDisk> disks = replication.primaryDisks();
        List<PlanStep> steps = new ArrayList<>();
        for (int i = 0; i < disks.size(); i++) {
            PrimaryDisk d = disks.get(i);
            if (method == MirrorMethod.DRIVE_MIRROR) {
                steps.add(exec(DriveMirror.toExisting(jobId(d), d.quorumId(), nbdUri(target, d.exportName()), "raw")
                        .withTuning(settings.granularity(), settings.bufSize(), settings.copyModeName())));
            } else {
                String node = targetNode(replication, i);
                steps.add(exec(new BlockdevAdd(nbdNode(replication, d.exportName(), node))));
                steps.add(exec(BlockdevMirror.full(jobId(d), d.quorumId(), node)
                        .withTuning(settings.granularity(), settings.bufSize(), settings.copyModeName())));
            }
        }
        for (PrimaryDisk d : disks) {
            steps.add(new PlanStep.AwaitEvent("BLOCK_JOB_READY", jobId(d), readyTimeout));
        }
        steps.add(exec(new Stop()));
        for (PrimaryDisk d : disks) {
            steps.add(exec(BlockJobCancel.of(jobId(d))));
        }
        for (PrimaryDisk d : disks) {
            steps.add(new PlanStep.AwaitEvent("BLOCK_JOB_COMPLETED", jobId(d), COMPLETION_TIMEOUT));
        }
        if (method == MirrorMethod.BLOCKDEV_MIRROR) {
            for (int i = 0; i < disks.size(); i++) {
                steps.add(exec(new BlockdevDel(targetNode(replication, i))));
            }
        }
        return new BlockPlan("resync by " + (method == MirrorMethod.DRIVE_MIRROR ? "drive-mirror" : "blockdev-mirror"),
                Side.PRIMARY, steps);
    }

    /** The job id of disk {@code d}'s resync mirror: {@code resync-<quorum id>}. */
    public static String jobId(PrimaryDisk d) {
        return "resync-" + d.quorumId();
    }

    /** {@code nbd://host:port/export}, IPv6 hosts in brackets. */
    static String nbdUri(NbdAddress target, String export) {
        return "nbd://" + target + "/" + export;
    }

    private static String targetNode(BlockReplication replication, int index) {
        String name = "resync-target" + index;
        for (PrimaryDisk d : replication.primaryDisks()) {
            if (name.equals(d.quorumId()) || name.equals(d.replicationNodeName())) {
                throw new IllegalArgumentException("the resync target node name '" + name + "' is taken by disk "
                        + d.quorumId() + "; rename that id to use BLOCKDEV_MIRROR");
            }
        }
        return name;
    }

    /**
     * {@code {driver: nbd, [node-name,] server: {type: inet, host, port}, export[, tls-creds]}} to the
     * replication's target; the port as a string, as QAPI wants.
     */
    private static ObjectNode nbdNode(BlockReplication replication, String export, String nodeName) {
        NbdAddress target = replication.nbdTarget();
        ObjectNode server = JsonNodeFactory.instance.objectNode();
        server.put("type", "inet");
        server.put("host", target.host());
        server.put("port", Integer.toString(target.port()));
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("driver", "nbd");
        if (nodeName != null) {
            node.put("node-name", nodeName);
        }
        node.set("server", server);
        node.put("export", export);
        if (replication.nbdClientTlsCreds() != null) {
            node.put("tls-creds", replication.nbdClientTlsCreds());
        }
        return node;
    }

    private static PlanStep exec(org.colo4j.qmp.QmpCommand<?> command) {
        return new PlanStep.Execute(command);
    }
}
