package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-chardev}: the character devices, e.g. to check that COLO's proxy sockets exist
 * and, through {@code filename}, whether they are connected yet.
 *
 * <pre>{@code List<ChardevInfo> chardevs = qmp.execute(new QueryChardev());}</pre>
 */
public record QueryChardev() implements QmpCommand<List<ChardevInfo>> {

    private static final QmpReturn<List<ChardevInfo>> RETURN = QmpReturn.of(new TypeReference<List<ChardevInfo>>() {});

    @Override
    public String commandName() {
        return "query-chardev";
    }

    @Override
    public QmpReturn<List<ChardevInfo>> returnType() {
        return RETURN;
    }
}
