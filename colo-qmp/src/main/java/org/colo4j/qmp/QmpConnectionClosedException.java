package org.colo4j.qmp;

/**
 * The QMP connection is closed: QEMU exited or was killed (EOF), the socket failed, the client was
 * closed, or an earlier protocol error closed it (then {@link #getCause()} says which).
 *
 * <p>Every call pending at that moment fails with this exception at once; later calls fail
 * immediately. Reconnect with a new {@link QmpClient} if QEMU is still there.
 */
public class QmpConnectionClosedException extends QmpException {

    public QmpConnectionClosedException(String message) {
        super(message);
    }

    public QmpConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
