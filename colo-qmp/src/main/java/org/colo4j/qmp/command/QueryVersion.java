package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-version}: the QEMU version and the distribution's package string, the same data the
 * QMP greeting carries.
 *
 * <p>colo4j picks its command dialect from the version: flat {@code object-add} since 6.0,
 * {@code block-export-add} instead of {@code nbd-server-add} since 5.2, {@code reconnect-ms} since
 * 9.2, and the secondary needs the {@code x-colo} capability on QEMU 8 and later.
 *
 * <pre>{@code QemuVersion v = qmp.execute(new QueryVersion()).qemu();}</pre>
 */
public record QueryVersion() implements QmpCommand<VersionInfo> {

    private static final QmpReturn<VersionInfo> RETURN = QmpReturn.of(VersionInfo.class);

    @Override
    public String commandName() {
        return "query-version";
    }

    @Override
    public QmpReturn<VersionInfo> returnType() {
        return RETURN;
    }
}
