package org.colo4j.qmp;

import java.util.Objects;

/**
 * QEMU answered a command with {@code {"error": {"class": ..., "desc": ...}}}.
 *
 * <p>The connection stays usable. {@link #errorClass()} is QEMU's machine-readable class
 * ({@code GenericError}, {@code CommandNotFound}, {@code DeviceNotFound}, ...), {@link #description()}
 * its human-readable text, and {@link #command()} the command as it was sent (without its id).
 */
public class QmpErrorResponseException extends QmpException {

    private final String errorClass;
    private final String description;
    private final String command;

    public QmpErrorResponseException(String errorClass, String description, String command) {
        super(command + " failed: " + errorClass + ": " + description);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
        this.description = Objects.requireNonNull(description, "description");
        this.command = Objects.requireNonNull(command, "command");
    }

    /** The same error, created on the current thread with {@code original} as its cause. */
    QmpErrorResponseException(QmpErrorResponseException original) {
        super(original.getMessage(), original);
        this.errorClass = original.errorClass;
        this.description = original.description;
        this.command = original.command;
    }

    /** QEMU's error class, e.g. {@code CommandNotFound}. */
    public String errorClass() {
        return errorClass;
    }

    /** QEMU's error description, verbatim. */
    public String description() {
        return description;
    }

    /** The command as sent, as one line of JSON without the id. */
    public String command() {
        return command;
    }

    /** Whether QEMU's class is {@code CommandNotFound} (the command is not in this QEMU build). */
    public boolean isCommandNotFound() {
        return "CommandNotFound".equals(errorClass);
    }
}
