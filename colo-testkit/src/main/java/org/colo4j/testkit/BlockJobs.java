package org.colo4j.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The block jobs of a fake QEMU: {@code drive-mirror} of a primary's quorum drive to an NBD export
 * of the paired node (the resync that resumes replication), {@code query-block-jobs} and
 * {@code block-job-cancel}, with the events and replies of QEMU 7.2.22 (captured in colo-qmp's
 * {@code events/block-jobs-quorum-reset.json}).
 *
 * <p>A fake mirror copies at once: it is ready as soon as it starts, and until it ends every guest
 * write to its drive reaches the target too. Guarded by the COLO model's lock.
 */
final class BlockJobs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A mirror from {@code disk} of this node to {@code targetDisk} of {@code target}. */
    record Mirror(String id, String disk, long len, ColoNodeModel target, String targetDisk) {}

    private final LinkedHashMap<String, Mirror> jobs = new LinkedHashMap<>();

    /** {@code drive-mirror}; checks in QEMU's order where the model can tell. */
    void driveMirror(ColoNodeModel source, ObjectNode args, Effects fx) {
        ArgCheck.only(args, "job-id", "device", "target", "format", "node-name", "replaces", "sync", "mode", "speed",
                "granularity", "buf-size", "on-source-error", "on-target-error", "unmap", "copy-mode",
                "filter-node-name", "auto-finalize", "auto-dismiss");
        String device = ArgCheck.string(args, "device");
        String target = ArgCheck.string(args, "target");
        String sync = ArgCheck.string(args, "sync");
        String mode = args.has("mode") ? ArgCheck.string(args, "mode") : "absolute-paths";
        String id = args.has("job-id") ? ArgCheck.string(args, "job-id") : device;
        if (source.block.deviceOrNode(device) == null) {
            throw QmpError.generic("Cannot find device='" + device + "' nor node-name='" + device + "'");
        }
        if (jobs.containsKey(id)) {
            throw QmpError.generic("Job ID '" + id + "' already in use");
        }
        FakeDisk disk = source.actsAsPrimary()
                ? source.disks.stream().filter(d -> d.id().equals(device)).findFirst().orElse(null) : null;
        if (disk == null || !sync.equals("full") || !mode.equals("existing") || !target.startsWith("nbd://")) {
            throw QmpError.generic("colo4j-testkit models drive-mirror only as colo4j's resync does it: a primary's"
                    + " quorum drive, sync full, mode existing, to an nbd:// export of the paired node");
        }
        String[] hostPortExport = nbdTarget(target.substring("nbd://".length()));
        source.nbdCheck().check(hostPortExport[0], hostPortExport[1], hostPortExport[2]);
        ColoNodeModel peer = source.peerModel();
        if (peer == null) {
            throw QmpError.generic("colo4j-testkit: drive-mirror needs a paired node to copy to (FakeColoNode.pair)");
        }
        FakeDisk targetDisk = peer.diskExportedAs(hostPortExport[2]);
        if (targetDisk == null) {
            throw QmpError.generic("colo4j-testkit: export '" + hostPortExport[2] + "' of the paired node is not the"
                    + " parent disk of one of its drives");
        }
        if (targetDisk.size() != disk.size()) {
            throw QmpError.generic("Source and target image have different sizes");
        }
        Mirror job = new Mirror(id, disk.id(), disk.size(), peer, targetDisk.id());
        jobs.put(id, job);
        SparseDisk copy = source.live.get(disk.id());
        peer.checkpointed.put(targetDisk.id(), copy.copy());
        peer.live.put(targetDisk.id(), copy.copy());
        fx.before.add(status(id, "created"));
        fx.after.add(status(id, "running"));
        fx.after.add(status(id, "ready"));
        fx.after.add(FakeEvents.of("BLOCK_JOB_READY", info(job, false)));
    }

    /** {@code block-job-cancel}: a ready mirror completes without switching over unless forced. */
    void cancel(ObjectNode args, Effects fx) {
        ArgCheck.only(args, "device", "force");
        String id = ArgCheck.string(args, "device");
        boolean force = ArgCheck.bool(args, "force", false);
        Mirror job = jobs.remove(id);
        if (job == null) {
            throw QmpError.of("DeviceNotActive", "Block job '" + id + "' not found");
        }
        if (force) {
            fx.after.add(status(id, "aborting"));
            fx.after.add(FakeEvents.of("BLOCK_JOB_CANCELLED", info(job, false)));
        } else {
            fx.after.add(status(id, "waiting"));
            fx.after.add(status(id, "pending"));
            fx.after.add(FakeEvents.of("BLOCK_JOB_COMPLETED", info(job, false)));
        }
        fx.after.add(status(id, "concluded"));
        fx.after.add(status(id, "null"));
    }

    /** {@code query-block-jobs}. */
    ArrayNode query() {
        ArrayNode out = JSON.arrayNode();
        jobs.values().forEach(j -> out.add(info(j, true)));
        return out;
    }

    /** A guest write on {@code disk}: every mirror of it writes the target too. */
    void wrote(String disk, long offset, long length, int value) {
        for (Mirror j : jobs.values()) {
            if (j.disk().equals(disk)) {
                j.target().checkpointed.get(j.targetDisk()).write(offset, length, value);
                j.target().live.get(j.targetDisk()).write(offset, length, value);
            }
        }
    }

    /** The job ids, in start order. */
    List<String> ids() {
        return List.copyOf(jobs.keySet());
    }

    private static ObjectNode info(Mirror job, boolean query) {
        ObjectNode i = JSON.objectNode();
        if (query) {
            i.put("auto-finalize", true);
            i.put("io-status", "ok");
            i.put("device", job.id());
            i.put("auto-dismiss", true);
            i.put("busy", false);
            i.put("len", job.len());
            i.put("offset", job.len());
            i.put("status", "ready");
            i.put("paused", false);
            i.put("speed", 0);
            i.put("ready", true);
            i.put("type", "mirror");
            return i;
        }
        i.put("device", job.id());
        i.put("len", job.len());
        i.put("offset", job.len());
        i.put("speed", 0);
        i.put("type", "mirror");
        return i;
    }

    private static org.colo4j.qmp.QmpEvent status(String id, String status) {
        ObjectNode data = JSON.objectNode();
        data.put("status", status);
        data.put("id", id);
        return FakeEvents.of("JOB_STATUS_CHANGE", data);
    }

    /** {@code host:port/export} (IPv6 hosts in brackets) as {host, port, export}. */
    private static String[] nbdTarget(String rest) {
        int slash = rest.indexOf('/', rest.startsWith("[") ? rest.indexOf(']') : 0);
        String export = slash < 0 ? "" : rest.substring(slash + 1);
        String[] hp = Migrations.hostPort(slash < 0 ? rest : rest.substring(0, slash));
        return new String[] {hp[0], hp[1], export};
    }
}
