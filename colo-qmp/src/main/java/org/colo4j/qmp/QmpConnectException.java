package org.colo4j.qmp;

/**
 * The QMP socket could not be opened: nothing listens there, the socket file is missing or not
 * accessible. Start QEMU with a matching {@code -qmp} option, or fix the endpoint.
 */
public class QmpConnectException extends QmpException {

    public QmpConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
