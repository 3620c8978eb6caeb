package org.colo4j;

/**
 * Root of the failures colo-api reports. Unchecked: catch the subclass you can act on.
 * QMP-level failures underneath keep their {@link org.colo4j.qmp.QmpException} as the cause.
 */
public class ColoException extends RuntimeException {

    public ColoException(String message) {
        super(message);
    }

    public ColoException(String message, Throwable cause) {
        super(message, cause);
    }
}
