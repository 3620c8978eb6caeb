package org.colo4j;

import java.util.concurrent.ExecutionException;
import org.colo4j.qmp.QmpException;

/** Unwraps the exception a QMP future failed with. */
final class QmpExceptions {

    private QmpExceptions() {}

    static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new QmpException(String.valueOf(cause), cause);
    }
}
