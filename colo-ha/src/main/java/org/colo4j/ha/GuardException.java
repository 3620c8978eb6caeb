package org.colo4j.ha;

import org.colo4j.ColoException;

/** A {@link ColoGuard} cannot do what was asked (e.g. start on a pair that is not in COLO). */
public class GuardException extends ColoException {

    public GuardException(String message) {
        super(message);
    }

    public GuardException(String message, Throwable cause) {
        super(message, cause);
    }
}
