package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-yank}: the instances {@link Yank} can act on right now: socket chardevs, NBD client
 * nodes and a running migration. Since QEMU 6.0; may be sent out-of-band.
 *
 * <pre>{@code List<YankInstance> yankable = qmp.execute(new QueryYank());}</pre>
 */
public record QueryYank() implements QmpCommand<List<YankInstance>> {

    private static final QmpReturn<List<YankInstance>> RETURN = QmpReturn.of(new TypeReference<List<YankInstance>>() {});

    @Override
    public String commandName() {
        return "query-yank";
    }

    @Override
    public QmpReturn<List<YankInstance>> returnType() {
        return RETURN;
    }
}
