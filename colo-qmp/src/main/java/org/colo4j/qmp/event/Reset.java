package org.colo4j.qmp.event;

import org.colo4j.qmp.command.ShutdownCause;

/**
 * {@code RESET}: the machine was reset.
 *
 * @param guest whether the guest asked for it
 * @param reason the cause, e.g. {@code host-qmp-system-reset}, {@code guest-reset}
 */
public record Reset(boolean guest, ShutdownCause reason) {}
