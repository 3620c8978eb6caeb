package org.colo4j.cli;

/** The command ran and its result is a failure it already described: exit with {@link #code()}. */
final class FailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int code;

    FailedException(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
