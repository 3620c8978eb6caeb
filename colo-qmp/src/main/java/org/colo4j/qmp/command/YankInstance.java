package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Something {@link Yank} can cut loose: {@code {"type": "block-node", "node-name": ...}},
 * {@code {"type": "chardev", "id": ...}} or {@code {"type": "migration"}}. Since QEMU 6.0.
 *
 * @param type {@code block-node}, {@code chardev} or {@code migration}
 * @param nodeName for {@code block-node}: the NBD client node (QMP {@code node-name}); nullable
 * @param id for {@code chardev}: the chardev id; nullable
 */
@JsonPropertyOrder({"type", "node-name", "id"})
public record YankInstance(String type, @JsonProperty("node-name") String nodeName, String id) {

    public YankInstance {
        Args.text(type, "type");
    }

    /** A block node whose network connection (NBD) is to be dropped, e.g. the replication child's. */
    public static YankInstance blockNode(String nodeName) {
        return new YankInstance("block-node", Args.text(nodeName, "nodeName"), null);
    }

    /** A socket chardev whose connection is to be dropped, e.g. a COLO proxy link. */
    public static YankInstance chardev(String id) {
        return new YankInstance("chardev", null, Args.text(id, "id"));
    }

    /** The migration (the COLO checkpoint stream). */
    public static YankInstance migration() {
        return new YankInstance("migration", null, null);
    }
}
