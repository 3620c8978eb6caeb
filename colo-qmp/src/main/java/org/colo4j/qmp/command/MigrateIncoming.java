package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code migrate-incoming}: starts listening for an incoming migration on {@code uri}.
 *
 * <p>Only valid on a QEMU started with {@code -incoming defer}, once. Without {@code -incoming} QEMU
 * answers {@code "'-incoming' was not specified on the command line"}; started with
 * {@code -incoming tcp:...}, or asked a second time, {@code "The incoming migration has already been
 * started"} (QEMU 7.2; {@link MigrationInfo#socketAddress()} shows whether it listens already). A
 * COLO secondary started with {@code defer}
 * sets the {@code x-colo} capability (required since QEMU 8) and then issues this command.
 *
 * @param uri the address to listen on, e.g. {@code tcp:0.0.0.0:9998}
 */
public record MigrateIncoming(String uri) implements QmpCommand<Void> {

    public MigrateIncoming {
        Args.text(uri, "uri");
    }

    @Override
    public String commandName() {
        return "migrate-incoming";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
