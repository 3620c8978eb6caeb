package org.colo4j.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.command.QueryYank;
import org.colo4j.qmp.command.Yank;
import org.colo4j.qmp.command.YankInstance;

/**
 * Unsticks a QEMU whose main loop hangs on its peer so that a fence's queued {@code stop} and
 * {@code quit} can run: {@code yank}, out of band, of its block nodes (a primary's NBD clients of the
 * replication children) and of the migration (the checkpoint stream). Measured here on QEMU 7.2: a
 * primary cut off from its secondary (and its ZooKeeper) stops answering in band in the checkpoint it
 * cannot finish, and its SelfFence's {@code stop} timed out; QEMU runs {@code query-yank} and
 * {@code yank} out of band even then. Never a chardev: that could cut the monitor's own connection.
 */
final class FenceYank {

    private FenceYank() {
    }

    /**
     * Yanks the block nodes and the migration of {@code qmp}'s QEMU, out of band.
     *
     * @return what was yanked, e.g. {@code [block-node nbd0, migration]}; empty if OOB is not
     *     negotiated, nothing was yankable, or the yank failed (then with the reason)
     */
    static String yank(QmpClient qmp, Duration timeout) {
        if (!qmp.oobEnabled()) {
            return "";
        }
        try {
            List<YankInstance> chosen = new ArrayList<>();
            for (YankInstance i : qmp.await(qmp.executeOobAsync(new QueryYank()), timeout)) {
                if ("block-node".equals(i.type()) || "migration".equals(i.type())) {
                    chosen.add(i);
                }
            }
            if (chosen.isEmpty()) {
                return "";
            }
            qmp.await(qmp.executeOobAsync(new Yank(chosen)), timeout);
            return chosen.stream().map(i -> i.type() + (i.nodeName() == null ? "" : " " + i.nodeName())).toList().toString();
        } catch (QmpException e) {
            return "(yank failed: " + e.getMessage() + ")";
        }
    }
}
