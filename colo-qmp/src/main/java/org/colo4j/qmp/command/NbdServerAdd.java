package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code nbd-server-add}: exports a block device on the running NBD server.
 *
 * <p>COLO-FT.txt uses it on the secondary:
 * {@code {"execute": "nbd-server-add", "arguments": {"device": "parent0", "writable": true}}}.
 * Deprecated since QEMU 5.2 in favour of {@link BlockExportAdd} (QEMU 7.2 still accepts it and
 * marks it {@code deprecated} in its schema); use it only for QEMUs older than 5.2.
 *
 * @param device the block backend or node name to export
 * @param name the export name clients ask for; nullable (defaults to {@code device})
 * @param writable whether clients may write; nullable (defaults to false); COLO needs true
 */
public record NbdServerAdd(String device, String name, Boolean writable) implements QmpCommand<Void> {

    public NbdServerAdd {
        Args.text(device, "device");
        Args.optionalText(name, "name");
    }

    @Override
    public String commandName() {
        return "nbd-server-add";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
