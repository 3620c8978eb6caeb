package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code object-del}: deletes a QOM object created by {@link ObjectAdd} or {@code -object}.
 *
 * <p>A COLO failover tears down the network proxy this way: on the secondary
 * {@code object-del f2} and {@code f1}; on the primary {@code comp0}, {@code iothread1},
 * {@code m0}, {@code redire0}, {@code redire1} (COLO-FT.txt).
 *
 * @param id the object id
 */
public record ObjectDel(String id) implements QmpCommand<Void> {

    public ObjectDel {
        Args.text(id, "id");
    }

    @Override
    public String commandName() {
        return "object-del";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
