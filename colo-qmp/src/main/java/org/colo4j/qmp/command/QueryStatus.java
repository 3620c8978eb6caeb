package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-status}: the VM's run state.
 *
 * <p>Both COLO nodes report {@code running} while replicating; a secondary that still waits for
 * the primary's migration reports {@code inmigrate}, and a primary left in {@code postmigrate}
 * after {@code migrate} means COLO did not start.
 *
 * <pre>{@code
 * StatusInfo s = qmp.execute(new QueryStatus());
 * if (s.status() == RunState.INMIGRATE) { ... }
 * }</pre>
 */
public record QueryStatus() implements QmpCommand<StatusInfo> {

    private static final QmpReturn<StatusInfo> RETURN = QmpReturn.of(StatusInfo.class);

    @Override
    public String commandName() {
        return "query-status";
    }

    @Override
    public QmpReturn<StatusInfo> returnType() {
        return RETURN;
    }
}
