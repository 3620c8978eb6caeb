package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code blockdev-del}: deletes a node added by {@link BlockdevAdd}, once nothing uses it.
 *
 * <p>After a COLO failover on the primary, the replication child is first detached from the quorum
 * with {@link XBlockdevChange#removeChild(String, String)} and then deleted with this command
 * (COLO-FT.txt does the latter with HMP {@code drive_del replication0}).
 *
 * @param nodeName the node to delete (QMP {@code node-name})
 */
public record BlockdevDel(@JsonProperty("node-name") String nodeName) implements QmpCommand<Void> {

    public BlockdevDel {
        Args.text(nodeName, "nodeName");
    }

    @Override
    public String commandName() {
        return "blockdev-del";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
