package org.colo4j;

/**
 * Root of the failures colo-api reports. Unchecked: catch the subclass you can act on.
 * QMP-level failures underneath keep their {@link org.colo4j.qmp.QmpException} as the cause.
 * A {@link org.colo4j.qmp.Colo4jException}, the root of everything colo4j throws.
 */
public class ColoException extends org.colo4j.qmp.Colo4jException {

    public ColoException(String message) {
        super(message);
    }

    public ColoException(String message, Throwable cause) {
        super(message, cause);
    }
}
