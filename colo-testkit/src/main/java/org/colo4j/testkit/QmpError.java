package org.colo4j.testkit;

/**
 * Thrown inside the COLO model to answer a command with a QMP error, as QEMU's {@code Error **errp}
 * does; turned into a {@link QmpReply} by the model's dispatcher.
 */
final class QmpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorClass;

    private QmpError(String errorClass, String description) {
        super(description, null, false, false);
        this.errorClass = errorClass;
    }

    /** A {@code GenericError} with QEMU's message. */
    static QmpError generic(String description) {
        return new QmpError("GenericError", description);
    }

    /** An error of class {@code errorClass}. */
    static QmpError of(String errorClass, String description) {
        return new QmpError(errorClass, description);
    }

    QmpReply reply() {
        return QmpReply.error(errorClass, getMessage());
    }
}
