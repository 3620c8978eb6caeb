package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-commands}: the names of all commands this QEMU accepts.
 *
 * <p>Preflight uses it to see whether COLO support was built in: {@code x-colo-lost-heartbeat}
 * and {@code query-colo-status} exist only with {@code CONFIG_REPLICATION}. For argument-level
 * detail use {@link QueryQmpSchema}.
 *
 * <pre>{@code boolean colo = qmp.execute(new QueryCommands()).contains(new CommandInfo("x-colo-lost-heartbeat"));}</pre>
 */
public record QueryCommands() implements QmpCommand<List<CommandInfo>> {

    private static final QmpReturn<List<CommandInfo>> RETURN = QmpReturn.of(new TypeReference<List<CommandInfo>>() {});

    @Override
    public String commandName() {
        return "query-commands";
    }

    @Override
    public QmpReturn<List<CommandInfo>> returnType() {
        return RETURN;
    }
}
