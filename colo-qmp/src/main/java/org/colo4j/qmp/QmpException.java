package org.colo4j.qmp;

/**
 * Root of every failure the QMP client reports. Unchecked: catch the subclass you can act on.
 * A {@link Colo4jException}, the root of everything colo4j throws.
 *
 * <ul>
 *   <li>{@link QmpErrorResponseException}: QEMU answered the command with an error.</li>
 *   <li>{@link QmpTimeoutException}: a deadline passed (connect, greeting, a call, an event).</li>
 *   <li>{@link QmpConnectionClosedException}: the connection is gone (QEMU died, or it was closed).</li>
 *   <li>{@link QmpProtocolException}: QEMU sent something that is not QMP; the connection is closed.</li>
 * </ul>
 */
public class QmpException extends Colo4jException {

    public QmpException(String message) {
        super(message);
    }

    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
