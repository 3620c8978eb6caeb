package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-qmp-schema}: QEMU's full QAPI schema as introspection data, one {@link SchemaInfo}
 * per command, event and type.
 *
 * <p>Type names other than built-ins are masked (QEMU sends {@code "262"} rather than
 * {@code RunState}), so lookups start from a command or event name and follow {@code arg-type},
 * {@code ret-type} and member types. Preflight uses it to tell dialects apart, e.g. whether
 * {@code chardev-add}'s socket backend knows {@code reconnect-ms} (since 9.2) or whether
 * {@code x-blockdev-change} exists. The reply is large (about 380 kB on QEMU 7.2).
 *
 * <pre>{@code List<SchemaInfo> schema = qmp.execute(new QueryQmpSchema());}</pre>
 */
public record QueryQmpSchema() implements QmpCommand<List<SchemaInfo>> {

    private static final QmpReturn<List<SchemaInfo>> RETURN = QmpReturn.of(new TypeReference<List<SchemaInfo>>() {});

    @Override
    public String commandName() {
        return "query-qmp-schema";
    }

    @Override
    public QmpReturn<List<SchemaInfo>> returnType() {
        return RETURN;
    }
}
