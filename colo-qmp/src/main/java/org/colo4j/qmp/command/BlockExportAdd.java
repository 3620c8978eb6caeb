package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code block-export-add}: exports a block node, here over the NBD server started by
 * {@link NbdServerStart}. Since QEMU 5.2; replaces {@link NbdServerAdd}.
 *
 * <p>The COLO secondary exports its disk writable so the primary's replication child can reach it:
 * {@code BlockExportAdd.nbd("parent0", "parent0", "parent0", true)}.
 *
 * @param type the export type; {@code nbd} for COLO
 * @param id the export's id, used by {@link BlockExportDel}
 * @param nodeName the node to export (QMP {@code node-name})
 * @param writable whether clients may write; nullable (defaults to false)
 * @param name NBD: the export name clients ask for; nullable (defaults to {@code nodeName})
 */
@JsonPropertyOrder({"type", "id", "node-name", "writable", "name"})
public record BlockExportAdd(
        String type,
        String id,
        @JsonProperty("node-name") String nodeName,
        Boolean writable,
        String name) implements QmpCommand<Void> {

    public BlockExportAdd {
        Args.text(type, "type");
        Args.text(id, "id");
        Args.text(nodeName, "nodeName");
        Args.optionalText(name, "name");
    }

    /** An NBD export of {@code nodeName} under {@code exportName}. */
    public static BlockExportAdd nbd(String id, String nodeName, String exportName, boolean writable) {
        return new BlockExportAdd("nbd", id, nodeName, writable, exportName);
    }

    @Override
    public String commandName() {
        return "block-export-add";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
