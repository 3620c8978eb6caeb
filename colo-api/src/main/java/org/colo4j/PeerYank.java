package org.colo4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.colo4j.blockgraph.LiveBlockGraph;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.command.QueryYank;
import org.colo4j.qmp.command.Yank;
import org.colo4j.qmp.command.YankInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a node loose from a peer that hangs: {@code yank}, sent out of band, of the NBD client nodes
 * under the replication children (on a primary) and of the migration (on either node; on a secondary
 * a silent partition can stall its main loop in the checkpoint stream). Measured on QEMU 7.2: with a
 * frozen or silently partitioned secondary, {@code blockdev-del} of the replication child blocks
 * QEMU's main loop while it flushes to the dead peer; a yank, which QEMU runs out of band even then,
 * answers in milliseconds and unblocks it. A monitor's chardev is never yanked (that would cut colo4j's
 * own QMP connection), nor any chardev at all.
 */
final class PeerYank {

    private static final Logger log = LoggerFactory.getLogger(ColoPair.class);
    private static final QemuVersion YANK_SINCE = QemuVersion.of(6, 0, 0);

    private PeerYank() {}

    /** Whether {@code qmp} can yank out of band: QEMU 6.0 or later, OOB negotiated. */
    static boolean available(QmpClient qmp) {
        return qmp.oobEnabled() && qmp.greeting().version().compareTo(YANK_SINCE) >= 0;
    }

    /**
     * Yanks what ties {@code qmp}'s QEMU to its peer and returns what it yanked (empty if nothing was
     * yankable or yank is not available). {@code graph} selects the NBD nodes under replication nodes;
     * when null (the graph could not be read), every block node {@code query-yank} lists is yanked:
     * on a COLO primary those are the replication children's NBD clients.
     */
    static List<YankInstance> yank(QmpClient qmp, LiveBlockGraph graph, Duration timeout) {
        if (!available(qmp)) {
            return List.of();
        }
        for (int attempt = 0; ; attempt++) {
            List<YankInstance> listed = qmp.await(qmp.executeOobAsync(new QueryYank()), timeout);
            List<YankInstance> chosen = choose(listed, graph);
            if (chosen.isEmpty()) {
                return chosen;
            }
            try {
                qmp.await(qmp.executeOobAsync(new Yank(chosen)), timeout);
                log.info("yanked {} on {}", chosen, qmp.endpoint());
                return chosen;
            } catch (QmpErrorResponseException e) {
                // An instance went away between query-yank and yank ("Instance not found"): list again.
                if (attempt > 0 || !"DeviceNotFound".equals(e.errorClass())) {
                    throw e;
                }
            }
        }
    }

    /** {@link #yank} that logs instead of throwing: a failed yank must not stop the failover it helps. */
    static List<YankInstance> tryYank(QmpClient qmp, LiveBlockGraph graph, Duration timeout) {
        try {
            return yank(qmp, graph, timeout);
        } catch (QmpException e) {
            log.warn("yank on {} failed: {}", qmp.endpoint(), e.getMessage());
            return List.of();
        }
    }

    static List<YankInstance> choose(List<YankInstance> listed, LiveBlockGraph graph) {
        Set<String> nbdUnderReplication = graph == null ? null : graph.edges().stream()
                .filter(e -> "replication".equals(e.parent().driver()) && "nbd".equals(e.child().driver()))
                .map(e -> e.child().name())
                .collect(Collectors.toSet());
        List<YankInstance> chosen = new ArrayList<>();
        for (YankInstance i : listed) {
            if ("block-node".equals(i.type()) && (nbdUnderReplication == null || nbdUnderReplication.contains(i.nodeName()))) {
                chosen.add(i);
            } else if ("migration".equals(i.type())) {
                chosen.add(i);
            }
        }
        return chosen;
    }
}
