package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code x-blockdev-change}: adds a child node to, or removes a child from, a quorum node.
 * Unstable ({@code x-}); only the quorum driver supports it.
 *
 * <p>The COLO primary attaches its replication child to the quorum disk and detaches it after a
 * failover. COLO-FT.txt:
 * {@code {"execute": "x-blockdev-change", "arguments": {"parent": "colo-disk0", "node": "replication0"}}}
 * and {@code {"execute": "x-blockdev-change", "arguments": {"parent": "colo-disk0", "child": "children.1"}}}.
 * Exactly one of {@code child} and {@code node} is given.
 *
 * @param parent the quorum node (or its block backend name)
 * @param child the child to remove, as the quorum names it (e.g. {@code children.1}); nullable
 * @param node the node to add as a new child; nullable
 */
public record XBlockdevChange(String parent, String child, String node) implements QmpCommand<Void> {

    public XBlockdevChange {
        Args.text(parent, "parent");
        Args.optionalText(child, "child");
        Args.optionalText(node, "node");
        if ((child == null) == (node == null)) {
            throw new IllegalArgumentException("give exactly one of child (to remove) and node (to add); got child="
                    + child + ", node=" + node);
        }
    }

    /** Adds {@code node} as a new child of the quorum {@code parent}. */
    public static XBlockdevChange addNode(String parent, String node) {
        return new XBlockdevChange(parent, null, node);
    }

    /** Removes {@code child} (e.g. {@code children.1}) from the quorum {@code parent}. */
    public static XBlockdevChange removeChild(String parent, String child) {
        return new XBlockdevChange(parent, child, null);
    }

    @Override
    public String commandName() {
        return "x-blockdev-change";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
