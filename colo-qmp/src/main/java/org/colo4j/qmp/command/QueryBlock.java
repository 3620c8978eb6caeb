package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-block}: the VM's block backends (drives), each with the node inserted in it.
 *
 * <p>On a COLO node the guest disk ({@code colo-disk0}) shows as a backend whose inserted node has
 * driver {@code quorum}. Backends created by {@code -blockdev} plus {@code -device} have an empty
 * {@code device} name and are known by {@code qdev}.
 *
 * <pre>{@code List<BlockInfo> drives = qmp.execute(new QueryBlock());}</pre>
 */
public record QueryBlock() implements QmpCommand<List<BlockInfo>> {

    private static final QmpReturn<List<BlockInfo>> RETURN = QmpReturn.of(new TypeReference<List<BlockInfo>>() {});

    @Override
    public String commandName() {
        return "query-block";
    }

    @Override
    public QmpReturn<List<BlockInfo>> returnType() {
        return RETURN;
    }
}
