package org.colo4j.qmp;

import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines and limits of one QMP connection. Immutable: every {@code with...} returns a copy.
 *
 * <pre>{@code
 * QmpOptions options = QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>connect timeout</td><td>5 s</td></tr>
 *   <tr><td>greeting timeout</td><td>5 s</td></tr>
 *   <tr><td>command timeout</td><td>30 s (per call; {@code executeAsync(cmd, timeout)} overrides it)</td></tr>
 *   <tr><td>max line length</td><td>16 MiB (a longer line from QEMU is a protocol error)</td></tr>
 *   <tr><td>event queue capacity</td><td>10,000 events waiting for listeners; beyond that new events
 *       are dropped for listeners (counted and logged), never for replies or {@code awaitEvent}</td></tr>
 *   <tr><td>OOB</td><td>negotiated when QEMU offers it</td></tr>
 * </table>
 */
public final class QmpOptions {

    private static final QmpOptions DEFAULTS = new QmpOptions(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(30), 16 * 1024 * 1024, 10_000, true);

    private final Duration connectTimeout;
    private final Duration greetingTimeout;
    private final Duration commandTimeout;
    private final int maxLineLength;
    private final int eventQueueCapacity;
    private final boolean negotiateOob;

    private QmpOptions(Duration connectTimeout, Duration greetingTimeout, Duration commandTimeout,
                       int maxLineLength, int eventQueueCapacity, boolean negotiateOob) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.greetingTimeout = positive(greetingTimeout, "greetingTimeout");
        this.commandTimeout = positive(commandTimeout, "commandTimeout");
        if (maxLineLength < 1024) {
            throw new IllegalArgumentException("maxLineLength must be at least 1024 bytes, got " + maxLineLength);
        }
        if (eventQueueCapacity < 1) {
            throw new IllegalArgumentException("eventQueueCapacity must be at least 1, got " + eventQueueCapacity);
        }
        this.maxLineLength = maxLineLength;
        this.eventQueueCapacity = eventQueueCapacity;
        this.negotiateOob = negotiateOob;
    }

    /** The defaults listed above. */
    public static QmpOptions defaults() {
        return DEFAULTS;
    }

    /** How long opening the socket may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long QEMU may take to send its greeting after the socket opened. */
    public Duration greetingTimeout() {
        return greetingTimeout;
    }

    /** The deadline of each call, from sending to its reply. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** The longest line accepted from QEMU, in bytes. */
    public int maxLineLength() {
        return maxLineLength;
    }

    /** How many events may wait for listeners before new ones are dropped for listeners. */
    public int eventQueueCapacity() {
        return eventQueueCapacity;
    }

    /** Whether the {@code oob} capability is enabled when QEMU offers it. */
    public boolean negotiateOob() {
        return negotiateOob;
    }

    public QmpOptions withConnectTimeout(Duration timeout) {
        return new QmpOptions(timeout, greetingTimeout, commandTimeout, maxLineLength, eventQueueCapacity, negotiateOob);
    }

    public QmpOptions withGreetingTimeout(Duration timeout) {
        return new QmpOptions(connectTimeout, timeout, commandTimeout, maxLineLength, eventQueueCapacity, negotiateOob);
    }

    /** STUB until the qmpcore branch lands. */
    public QmpOptions withName(String name) {
        return this;
    }

    public QmpOptions withCommandTimeout(Duration timeout) {
        return new QmpOptions(connectTimeout, greetingTimeout, timeout, maxLineLength, eventQueueCapacity, negotiateOob);
    }

    public QmpOptions withMaxLineLength(int bytes) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, bytes, eventQueueCapacity, negotiateOob);
    }

    public QmpOptions withEventQueueCapacity(int events) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, maxLineLength, events, negotiateOob);
    }

    public QmpOptions withNegotiateOob(boolean negotiate) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, maxLineLength, eventQueueCapacity, negotiate);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "QmpOptions{connect=" + connectTimeout + ", greeting=" + greetingTimeout + ", command=" + commandTimeout
                + ", maxLine=" + maxLineLength + ", eventQueue=" + eventQueueCapacity + ", oob=" + negotiateOob + "}";
    }
}
