package org.colo4j.qmp.event;

import org.colo4j.qmp.command.ShutdownCause;

/**
 * {@code SHUTDOWN}: QEMU is shutting down (or, with {@code -no-shutdown}, stopped the guest).
 *
 * @param guest whether the guest asked for it (as opposed to the host, e.g. QMP {@code quit})
 * @param reason the cause, e.g. {@code host-qmp-quit}
 */
public record Shutdown(boolean guest, ShutdownCause reason) {}
