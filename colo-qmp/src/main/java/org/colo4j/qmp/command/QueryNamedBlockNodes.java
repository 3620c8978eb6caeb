package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-named-block-nodes}: every named block node, including the nodes of the COLO
 * replication graph (quorum, replication child, active and hidden qcow2, parent).
 *
 * <p>Preflight checks there that the nodes colo4j is about to add do not exist yet, and that the
 * secondary's active, hidden and parent images have the same size (QEMU's own check reads "Active
 * disk, hidden disk, secondary disk's length are not the same").
 *
 * @param flat if true, QEMU leaves out each image's {@code backing-image} chain (since 5.0);
 *     nullable
 */
public record QueryNamedBlockNodes(Boolean flat) implements QmpCommand<List<BlockDeviceInfo>> {

    private static final QmpReturn<List<BlockDeviceInfo>> RETURN =
            QmpReturn.of(new TypeReference<List<BlockDeviceInfo>>() {});

    /** All nodes, each with its full backing chain. */
    public static QueryNamedBlockNodes all() {
        return new QueryNamedBlockNodes(null);
    }

    /** All nodes without nested backing images ({@code "flat": true}). */
    public static QueryNamedBlockNodes flatList() {
        return new QueryNamedBlockNodes(true);
    }

    @Override
    public String commandName() {
        return "query-named-block-nodes";
    }

    @Override
    public QmpReturn<List<BlockDeviceInfo>> returnType() {
        return RETURN;
    }
}
