package org.colo4j.qmp;

/**
 * Root of everything colo4j throws. Unchecked. Catch it to handle any colo4j failure in one place;
 * catch a subclass to act on one case:
 *
 * <ul>
 *   <li>{@link QmpException} (colo-qmp): a QMP call failed: QEMU's error reply, a deadline, a lost
 *       connection, a protocol violation, nothing listening.</li>
 *   <li>{@code org.colo4j.ColoException} (colo-api): a pair operation failed, or a spec is invalid
 *       ({@code ColoValidationException} lists every problem).</li>
 *   <li>{@code org.colo4j.blockgraph.BlockGraphException} and
 *       {@code org.colo4j.netfilter.NetfilterValidationException}: the block graph or the COLO proxy
 *       would not work, or {@code qemu-img} failed.</li>
 *   <li>{@code org.colo4j.testkit.TestkitException} (colo-testkit): a fake could not do what the test
 *       asked.</li>
 * </ul>
 *
 * <p>A blocking call that fails because of something another thread saw (the connection's reader, a
 * deadline timer) throws an exception of the same type created on the calling thread, with the
 * original as its cause, so the caller's own line is in the stack trace (as
 * {@link java.util.concurrent.CompletableFuture#join()} does).
 *
 * <p>Breaking a method's contract with a null or malformed argument is reported as the JDK does it
 * ({@link NullPointerException}, {@link IllegalArgumentException}), at the call.
 */
public abstract class Colo4jException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and, where there is one, the fix */
    protected Colo4jException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and, where there is one, the fix
     * @param cause the underlying failure
     */
    protected Colo4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
