package org.colo4j.qmp;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Deadlines, limits and the name of one QMP connection. Immutable: every {@code with...} returns a
 * copy.
 *
 * <pre>{@code
 * QmpOptions options = QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5)).withName("primary");
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
 *   <tr><td>name</td><td>none: the connection logs as {@code org.colo4j.qmp.connection.N}</td></tr>
 * </table>
 */
public final class QmpOptions {

    private static final QmpOptions DEFAULTS = new QmpOptions(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(30), 16 * 1024 * 1024, 10_000, true, null);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Duration connectTimeout;
    private final Duration greetingTimeout;
    private final Duration commandTimeout;
    private final int maxLineLength;
    private final int eventQueueCapacity;
    private final boolean negotiateOob;
    private final String name;

    private QmpOptions(Duration connectTimeout, Duration greetingTimeout, Duration commandTimeout,
                       int maxLineLength, int eventQueueCapacity, boolean negotiateOob, String name) {
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
        this.name = name;
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

    /**
     * The connection's name, usually its node's ({@code "primary"}); empty for an unnamed connection.
     * See {@link #withName(String)}.
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * @param timeout how long opening the socket may take; positive
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public QmpOptions withConnectTimeout(Duration timeout) {
        return new QmpOptions(timeout, greetingTimeout, commandTimeout, maxLineLength, eventQueueCapacity, negotiateOob, name);
    }

    /**
     * @param timeout how long QEMU may take to greet after the socket opened; positive
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public QmpOptions withGreetingTimeout(Duration timeout) {
        return new QmpOptions(connectTimeout, timeout, commandTimeout, maxLineLength, eventQueueCapacity, negotiateOob, name);
    }

    /**
     * @param timeout the default deadline of each call; positive
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public QmpOptions withCommandTimeout(Duration timeout) {
        return new QmpOptions(connectTimeout, greetingTimeout, timeout, maxLineLength, eventQueueCapacity, negotiateOob, name);
    }

    /**
     * @param bytes the longest line accepted from QEMU; at least 1024
     * @throws IllegalArgumentException if {@code bytes} is below 1024
     */
    public QmpOptions withMaxLineLength(int bytes) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, bytes, eventQueueCapacity, negotiateOob, name);
    }

    /**
     * @param events how many events may wait for listeners; at least 1
     * @throws IllegalArgumentException if {@code events} is below 1
     */
    public QmpOptions withEventQueueCapacity(int events) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, maxLineLength, events, negotiateOob, name);
    }

    /** @param negotiate whether to enable {@code oob} when QEMU offers it */
    public QmpOptions withNegotiateOob(boolean negotiate) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, maxLineLength, eventQueueCapacity, negotiate, name);
    }

    /**
     * Names the connection, usually after its node: it then logs through the SLF4J logger
     * {@code org.colo4j.qmp.<name>} (instead of {@code org.colo4j.qmp.connection.N}) and its threads
     * are {@code colo4j-qmp-reader-<name>} and {@code colo4j-qmp-events-<name>}.
     *
     * <p>Allowed: 1 to 64 characters, letters, digits, {@code .}, {@code _} and {@code -}, starting with
     * a letter or digit (the characters a {@code ColoNode} name may have). A {@code .} makes a child
     * logger: {@code pair1.primary} and {@code pair1.secondary} log under {@code org.colo4j.qmp.pair1}.
     * {@code connection} and names starting with {@code connection.} are reserved for unnamed
     * connections. Several connections may share a name (and then a logger).
     *
     * @param name the name; null for an unnamed connection
     * @throws IllegalArgumentException if {@code name} breaks the rules above
     */
    public QmpOptions withName(String name) {
        if (name != null && (!NAME.matcher(name).matches() || name.equals("connection") || name.startsWith("connection."))) {
            throw new IllegalArgumentException("name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, and not 'connection' or 'connection.*' (kept for unnamed connections), got '"
                    + name + "'; e.g. the node's name, \"primary\"");
        }
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, maxLineLength, eventQueueCapacity, negotiateOob, name);
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
                + ", maxLine=" + maxLineLength + ", eventQueue=" + eventQueueCapacity + ", oob=" + negotiateOob
                + (name == null ? "" : ", name=" + name) + "}";
    }
}
