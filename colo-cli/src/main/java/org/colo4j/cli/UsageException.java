package org.colo4j.cli;

/** A bad argument found after parsing (unknown node name, bad JSON): exit {@link ExitCodes#USAGE}. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
