package org.colo4j.qmp;

/**
 * QEMU sent something that breaks the QMP contract: a line that is not JSON, an error without an
 * {@code id} (QEMU could not parse a command), a reply without an id, a line longer than
 * {@link QmpOptions#maxLineLength()}, or a reply that does not decode into the command's type.
 *
 * <p>Wire-level violations close the connection (the stream can no longer be trusted) and fail every
 * pending call with this exception. A reply that merely fails to decode fails only its own call. A
 * reply to an id no call waits for is not one of these: it is logged at WARN and dropped.
 */
public class QmpProtocolException extends QmpException {

    public QmpProtocolException(String message) {
        super(message);
    }

    public QmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
