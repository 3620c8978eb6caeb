package org.colo4j.qmp;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Rethrows, on a blocked caller's thread, a failure that another thread created (the reader, the
 * deadline timer, whoever closed the connection): as an exception of the same type, made here, with
 * the original as its cause, as {@link java.util.concurrent.CompletableFuture#join()} does. The
 * caller's own line is then in the stack trace, and the original's in its cause.
 */
final class CallerStack {

    private CallerStack() {}

    /**
     * The exception to throw for {@code failure}: a copy made on this thread for colo-qmp's own
     * exception types; any other runtime exception as it is (its type could not be kept otherwise).
     *
     * @throws Error if the failure is an {@link Error}
     */
    static RuntimeException rethrow(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (!(t instanceof RuntimeException r)) {
            return new QmpException(String.valueOf(t), t);
        }
        Class<?> type = t.getClass();
        if (type == QmpErrorResponseException.class) {
            return new QmpErrorResponseException((QmpErrorResponseException) t);
        }
        if (type == QmpTimeoutException.class) {
            return new QmpTimeoutException(t.getMessage(), ((QmpTimeoutException) t).timeout(), t);
        }
        if (type == QmpConnectionClosedException.class) {
            return new QmpConnectionClosedException(t.getMessage(), t);
        }
        if (type == QmpProtocolException.class) {
            return new QmpProtocolException(t.getMessage(), t);
        }
        if (type == QmpConnectException.class) {
            return new QmpConnectException(t.getMessage(), t);
        }
        if (type == QmpException.class) {
            return new QmpException(t.getMessage(), t);
        }
        return r;
    }
}
