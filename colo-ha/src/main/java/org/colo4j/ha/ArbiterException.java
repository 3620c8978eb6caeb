package org.colo4j.ha;

/**
 * The arbiter could not be asked: its session is lost or closed, or it did not answer within its
 * deadline. A guard that cannot reach its arbiter never fails over; it fences the nodes it controls
 * instead, since it cannot know whether another node won the epoch.
 */
public class ArbiterException extends GuardException {

    public ArbiterException(String message) {
        super(message);
    }

    public ArbiterException(String message, Throwable cause) {
        super(message, cause);
    }
}
