package org.colo4j.qmp.command;

import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code qmp_capabilities}: leaves QMP's capabilities-negotiation mode; QEMU accepts no other
 * command before it. The client sends it right after the greeting.
 *
 * <p>{@code enable} turns on capabilities the greeting offered; QEMU 7.2 offers only {@code oob}
 * (out-of-band execution, for the commands the schema marks {@code allow-oob}, such as
 * {@code yank}).
 *
 * @param enable the capabilities to turn on; nullable (none)
 */
public record QmpCapabilities(List<String> enable) implements QmpCommand<Void> {

    public QmpCapabilities {
        enable = Args.copy(enable);
    }

    /** Plain negotiation: {@code {"execute": "qmp_capabilities"}}. */
    public static QmpCapabilities none() {
        return new QmpCapabilities(null);
    }

    /** Negotiation with out-of-band execution: {@code {"enable": ["oob"]}}. */
    public static QmpCapabilities oob() {
        return new QmpCapabilities(List.of("oob"));
    }

    @Override
    public String commandName() {
        return "qmp_capabilities";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
