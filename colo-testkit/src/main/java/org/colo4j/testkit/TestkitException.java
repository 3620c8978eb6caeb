package org.colo4j.testkit;

/**
 * A fake could not do what the test asked: a socket could not be bound, a transcript could not be
 * read, a model operation was asked in a state where it makes no sense. Unchecked; the message
 * names the cause and the fix.
 * A {@link org.colo4j.qmp.Colo4jException}, the root of everything colo4j throws.
 */
public class TestkitException extends org.colo4j.qmp.Colo4jException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with a message naming the cause and the fix.
     *
     * @param message what went wrong and what to do
     */
    public TestkitException(String message) {
        super(message);
    }

    /**
     * A failure caused by {@code cause}.
     *
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public TestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
