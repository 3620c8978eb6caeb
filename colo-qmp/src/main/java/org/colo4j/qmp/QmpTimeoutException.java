package org.colo4j.qmp;

import java.time.Duration;

/**
 * A deadline passed: connecting, waiting for the greeting, waiting for a reply or for an event.
 *
 * <p>After a call times out the connection stays open; a reply that arrives later is logged and
 * dropped. Raise the deadline with {@link QmpOptions#withCommandTimeout(Duration)} when a command is
 * legitimately slow.
 */
public class QmpTimeoutException extends QmpException {

    private final Duration timeout;

    public QmpTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** The same timeout with a cause: the original, when rethrown on a caller's thread. */
    QmpTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    /** The deadline that passed. */
    public Duration timeout() {
        return timeout;
    }
}
