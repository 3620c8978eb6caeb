package org.colo4j.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileDescriptor;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to one QEMU's QMP monitor.
 *
 * <pre>{@code
 * try (QmpClient qmp = QmpClient.connect(QmpEndpoint.unix(Path.of("/run/colo/primary.qmp")))) {
 *     StatusInfo status = qmp.execute(new QueryStatus());
 *     CompletableFuture<ColoStatusInfo> colo = qmp.executeAsync(new QueryColoStatus());
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Every command carries an {@code id} and gets its own {@link CompletableFuture}, completed by
 * whichever thread reads the reply with that id. Any number of threads may have any number of calls
 * in flight. Ids are the smallest numbers not in use (QEMU reads its input one byte at a time, so
 * short ids are cheaper for it): an answered call's id is reused, a timed-out call's id only after its
 * late reply has arrived.
 *
 * <p>One thread at a time reads QEMU's output. A blocking call ({@link #execute(QmpCommand)} and the
 * other non-{@code Async} methods) that is the only call in flight reads its own reply on the calling
 * thread, as a single-threaded client would, with no hand-off between threads; events and any other
 * line it meets on the way are dispatched as usual. Otherwise, and for {@code executeAsync}, the
 * connection's reader thread ({@code colo4j-qmp-reader-<name>}) reads. After a burst of blocking calls
 * the reader thread resumes reading within about 2 ms, so an event that arrives between calls is
 * delivered within that much. Returned futures complete on the reading thread: dependent stages added
 * with {@code thenApply} etc. run there, so use the {@code ...Async} variants for anything slow. Event
 * listeners run on a separate dispatcher thread and cannot delay replies.
 *
 * <h2>Transport</h2>
 * TCP and unix sockets are the JDK's own {@code SocketChannel}s, so connecting loads no native
 * library. File descriptors ({@link #executeWithFds}) go through junixsocket, loaded on first use.
 *
 * <h2>Writes</h2>
 * Sending never blocks the caller. Every reply tells how far QEMU has read its input, so the client
 * knows how much of the socket's send buffer its unanswered commands can fill at most. A caller
 * writes its own command when that cannot block (the usual case, and as cheap as any blocking
 * client); otherwise, because QEMU reads slowly or not at all, the command is queued and a writer
 * thread ({@code colo4j-qmp-writer-<name>}, started on first need) sends the queue in order.
 * {@code executeAsync} therefore always returns at once, and a command QEMU does not read fails at
 * its deadline like one it does not answer.
 *
 * <h2>Deadlines</h2>
 * Connecting, the greeting and every call have a deadline ({@link QmpOptions}); nothing waits forever.
 * A call that passes its deadline fails with {@link QmpTimeoutException}; the connection stays open.
 * The message says whether QEMU never got the command (it was still queued: it is dropped and will not
 * run), was still being sent it (it is sent in full if QEMU reads again) or got it without answering.
 *
 * <h2>Failure</h2>
 * When QEMU exits or is killed, every pending call fails at once with
 * {@link QmpConnectionClosedException} (a pending {@code quit} succeeds instead). When QEMU sends
 * something that is not QMP, the connection is closed and pending calls fail with
 * {@link QmpProtocolException}. A reply that no call waits for (its id was never sent, or was
 * answered already) is logged at WARN and dropped, as the QMP specification asks of clients; the
 * connection stays open.
 *
 * <h2>Logging</h2>
 * Each connection logs through its own SLF4J logger, named after the connection:
 * {@code org.colo4j.qmp.<name>} for a connection named with {@link QmpOptions#withName(String)}
 * (e.g. {@code org.colo4j.qmp.primary}), {@code org.colo4j.qmp.connection.N} for an unnamed one. Its
 * threads carry the same name ({@code colo4j-qmp-reader-primary}, or {@code colo4j-qmp-reader-N}). At
 * TRACE it logs every line sent and received.
 */
public final class QmpClient implements AutoCloseable {

    private static final AtomicInteger CONNECTIONS = new AtomicInteger();
    /** Deadlines further out than this (about 292 years of nanoseconds would overflow) are capped. */
    private static final long MAX_TIMEOUT_NANOS = Long.MAX_VALUE / 4;

    private final QmpEndpoint endpoint;
    private final QmpOptions options;
    private final String name;
    private final Transport transport;
    private final Outbox outbox;
    private final LineReader lines;
    private final Logger log;
    private final CallTable calls = new CallTable();
    private final ReadBaton baton = new ReadBaton(calls);
    private final DeadlineSweep deadlines = new DeadlineSweep(calls, this::expire);
    private final EventHub events;
    private final Thread reader;
    private final ReaderLoop readerLoop;
    private final QmpGreeting greeting;
    private volatile boolean oob;
    private volatile QmpException closedCause;
    private volatile QmpSchema schema;
    /** Guards the first schema fetch; never this client's monitor, which the reader takes on close. */
    private final Object schemaLock = new Object();

    private QmpClient(QmpEndpoint endpoint, QmpOptions options) {
        this.endpoint = endpoint;
        this.options = options;
        int n = CONNECTIONS.incrementAndGet();
        this.name = options.name().orElse("connection." + n);
        this.log = LoggerFactory.getLogger("org.colo4j.qmp." + name);
        String threadSuffix = options.name().orElse(Integer.toString(n));
        this.transport = Transport.open(endpoint, options.connectTimeout());
        try {
            this.outbox = new Outbox(transport, "colo4j-qmp-writer-" + threadSuffix, call -> calls.releaseExpired(call.id),
                    e -> shutdown(new QmpConnectionClosedException("writing to " + endpoint + " failed: " + e.getMessage(), e)));
            this.lines = new LineReader(transport, options.maxLineLength());
            this.greeting = GreetingReader.read(lines, transport, endpoint, options.greetingTimeout(), log);
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            if (e instanceof QmpException q) {
                throw q;
            }
            throw new QmpConnectException("QMP connection to " + endpoint + " failed before the greeting: " + e.getMessage(), e);
        }
        this.events = new EventHub(log, options.eventQueueCapacity(), "colo4j-qmp-events-" + threadSuffix, name);
        this.readerLoop = new ReaderLoop(lines, transport, baton, calls, outbox, events, endpoint, log, this::onPeerClosed,
                this::shutdown, this::isOpen);
        this.reader = new Thread(readerLoop, "colo4j-qmp-reader-" + threadSuffix);
        reader.setDaemon(true);
        reader.start();
        log.debug("connected to {}: {}", endpoint, greeting);
    }

    /**
     * Connects with {@link QmpOptions#defaults()}.
     *
     * @throws QmpConnectException if nothing listens at {@code endpoint}
     * @throws QmpTimeoutException if connecting, the greeting or {@code qmp_capabilities} is too slow
     * @throws QmpProtocolException if the peer does not speak QMP
     * @throws QmpConnectionClosedException if the peer closed the connection before it was set up (e.g.
     *     another client holds the monitor)
     */
    public static QmpClient connect(QmpEndpoint endpoint) {
        return connect(endpoint, QmpOptions.defaults());
    }

    /**
     * Opens the socket, reads the greeting and negotiates capabilities ({@code oob} when QEMU offers
     * it and {@link QmpOptions#negotiateOob()} is set).
     *
     * @throws QmpConnectException if nothing listens at {@code endpoint}
     * @throws QmpTimeoutException if connecting, the greeting or {@code qmp_capabilities} is too slow
     * @throws QmpProtocolException if the peer does not speak QMP
     * @throws QmpConnectionClosedException if the peer closed the connection before it was set up (e.g.
     *     another client holds the monitor: QEMU serves one client per QMP socket)
     * @throws QmpErrorResponseException if QEMU refused {@code qmp_capabilities}
     */
    public static QmpClient connect(QmpEndpoint endpoint, QmpOptions options) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(options, "options");
        QmpClient client = new QmpClient(endpoint, options);
        try {
            client.negotiate();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** The greeting QEMU sent: its version and offered capabilities. */
    public QmpGreeting greeting() {
        return greeting;
    }

    /**
     * The connection's name: {@link QmpOptions#withName(String) the one it was given} (usually its
     * node's), or {@code connection.N} for an unnamed one. It logs through {@code org.colo4j.qmp.<name>}.
     */
    public String name() {
        return name;
    }

    /** Where this client is connected. */
    public QmpEndpoint endpoint() {
        return endpoint;
    }

    /** The options this connection was opened with. */
    public QmpOptions options() {
        return options;
    }

    /** Whether out-of-band execution was negotiated ({@link #executeOobAsync} works). */
    public boolean oobEnabled() {
        return oob;
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return closedCause == null;
    }

    /** How many events were dropped for listeners because the event queue was full. */
    public long droppedEvents() {
        return events.droppedEvents();
    }

    // ---------------------------------------------------------------- typed calls

    /**
     * Sends {@code command} and blocks for its reply, at most {@link QmpOptions#commandTimeout()}.
     * Failures seen by the reader thread are rethrown here as the same type with the original as the
     * cause, so this call's line is in the stack trace.
     *
     * @return the decoded reply ({@code null} for commands that return nothing)
     * @throws QmpErrorResponseException if QEMU answered with an error
     * @throws QmpTimeoutException if no reply came within the deadline (the message says whether QEMU
     *     read the command at all)
     * @throws QmpConnectionClosedException if the connection closed before the reply, or was closed
     * @throws QmpProtocolException if the reply does not decode into the command's type, or QEMU broke
     *     the protocol (then the connection is closed)
     * @throws QmpException if the calling thread was interrupted while waiting (its interrupt flag is set
     *     again)
     * @throws IllegalArgumentException if {@code command}'s arguments do not render as a JSON object
     */
    public <R> R execute(QmpCommand<R> command) {
        return execute(command, options.commandTimeout());
    }

    /**
     * {@link #execute(QmpCommand)} with its own deadline.
     *
     * @throws QmpErrorResponseException if QEMU answered with an error
     * @throws QmpTimeoutException if no reply came within {@code timeout}
     * @throws QmpConnectionClosedException if the connection closed before the reply, or was closed
     * @throws QmpProtocolException if the reply does not decode, or QEMU broke the protocol
     * @throws QmpException if the calling thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code command}'s arguments do not render as a JSON object
     */
    public <R> R execute(QmpCommand<R> command, Duration timeout) {
        Objects.requireNonNull(command, "command");
        return call("execute", command.commandName(), QmpJson.arguments(command), command.returnType(), timeout, null);
    }

    /**
     * Sends {@code command} and returns at once, never waiting for QEMU to read it. The future
     * completes, on the reader thread, with the decoded reply, or exceptionally with one of the
     * exceptions of {@link #execute(QmpCommand)} (as itself, not a copy); on a closed client it is
     * already failed with {@link QmpConnectionClosedException}.
     *
     * @throws IllegalArgumentException if {@code command}'s arguments do not render as a JSON object
     */
    public <R> CompletableFuture<R> executeAsync(QmpCommand<R> command) {
        return executeAsync(command, options.commandTimeout());
    }

    /**
     * {@link #executeAsync(QmpCommand)} with its own deadline.
     *
     * @throws IllegalArgumentException if {@code command}'s arguments do not render as a JSON object
     */
    public <R> CompletableFuture<R> executeAsync(QmpCommand<R> command, Duration timeout) {
        Objects.requireNonNull(command, "command");
        return send("execute", command.commandName(), QmpJson.arguments(command), command.returnType(), timeout, null);
    }

    /**
     * Sends {@code command} out of band ({@code exec-oob}): QEMU runs it at once, even while the
     * monitor is busy with an earlier command. Only commands QEMU marks {@code allow-oob} may be sent.
     *
     * @throws IllegalStateException if OOB was not negotiated (see {@link #oobEnabled()})
     * @throws QmpErrorResponseException if QEMU refused it (e.g. the command does not allow OOB)
     * @throws QmpTimeoutException if no reply came within {@link QmpOptions#commandTimeout()}
     * @throws QmpConnectionClosedException if the connection closed before the reply, or was closed
     * @throws QmpProtocolException if the reply does not decode, or QEMU broke the protocol
     * @throws QmpException if the calling thread was interrupted while waiting
     */
    public <R> R executeOob(QmpCommand<R> command) {
        Objects.requireNonNull(command, "command");
        requireOob();
        return call("exec-oob", command.commandName(), QmpJson.arguments(command), command.returnType(),
                options.commandTimeout(), null);
    }

    /**
     * The asynchronous form of {@link #executeOob}; the future fails as {@link #executeAsync} does.
     *
     * @throws IllegalStateException if OOB was not negotiated (see {@link #oobEnabled()})
     */
    public <R> CompletableFuture<R> executeOobAsync(QmpCommand<R> command) {
        Objects.requireNonNull(command, "command");
        requireOob();
        return send("exec-oob", command.commandName(), QmpJson.arguments(command), command.returnType(),
                options.commandTimeout(), null);
    }

    /**
     * Sends {@code command} with file descriptors attached (SCM_RIGHTS), as {@code getfd} and
     * {@code add-fd} need. The descriptors stay open in this process; QEMU receives duplicates.
     *
     * @throws IllegalStateException if the endpoint is not a unix socket
     * @throws IllegalArgumentException if no descriptor, or an invalid one, is given
     * @throws QmpErrorResponseException if QEMU answered with an error
     * @throws QmpTimeoutException if no reply came within {@link QmpOptions#commandTimeout()}
     * @throws QmpConnectionClosedException if the connection closed before the reply, or was closed
     * @throws QmpProtocolException if the reply does not decode, or QEMU broke the protocol
     * @throws QmpException if the calling thread was interrupted while waiting
     */
    public <R> R executeWithFds(QmpCommand<R> command, FileDescriptor... fds) {
        Objects.requireNonNull(command, "command");
        if (!endpoint.supportsFdPassing()) {
            throw new IllegalStateException("file descriptors can only be passed over a unix socket; " + endpoint
                    + " is TCP: connect with QmpEndpoint.unix(...)");
        }
        if (fds.length == 0) {
            throw new IllegalArgumentException("no file descriptor given for " + command.commandName());
        }
        for (FileDescriptor fd : fds) {
            if (fd == null || !fd.valid()) {
                throw new IllegalArgumentException("invalid file descriptor for " + command.commandName() + ": " + fd);
            }
        }
        return call("execute", command.commandName(), QmpJson.arguments(command), command.returnType(),
                options.commandTimeout(), fds.clone());
    }

    // ---------------------------------------------------------------- untyped calls

    /**
     * Runs any command by name, e.g. {@code execute("query-colo-status", Map.of())}, and returns the
     * raw {@code return} member. Map entries keep their iteration order on the wire.
     *
     * @throws QmpErrorResponseException if QEMU answered with an error
     * @throws QmpTimeoutException if no reply came within {@link QmpOptions#commandTimeout()}
     * @throws QmpConnectionClosedException if the connection closed before the reply, or was closed
     * @throws QmpProtocolException if QEMU broke the protocol
     * @throws QmpException if the calling thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code arguments} do not render as JSON
     */
    public JsonNode execute(String command, Map<String, ?> arguments) {
        Objects.requireNonNull(command, "command");
        return call("execute", command, QmpJson.argumentsOf(arguments), QmpReturn.raw(), options.commandTimeout(), null);
    }

    /**
     * The asynchronous form of {@link #execute(String, Map)}; the future fails as {@link #executeAsync} does.
     *
     * @throws IllegalArgumentException if {@code arguments} do not render as JSON
     */
    public CompletableFuture<JsonNode> executeAsync(String command, Map<String, ?> arguments) {
        Objects.requireNonNull(command, "command");
        return send("execute", command, QmpJson.argumentsOf(arguments), QmpReturn.raw(), options.commandTimeout(), null);
    }

    /**
     * Runs a human monitor (HMP) command through {@code human-monitor-command} and returns its output,
     * e.g. {@code hmp("info status")} or {@code hmp("qemu-io colo-disk0 \"read -P 0xab 0 1M\"")}.
     * HMP reports many failures as output text rather than as errors: check the text.
     *
     * @throws QmpErrorResponseException if QEMU refused {@code human-monitor-command} itself
     * @throws QmpTimeoutException if no reply came within {@link QmpOptions#commandTimeout()}
     * @throws QmpConnectionClosedException if the connection closed before the reply, or was closed
     * @throws QmpProtocolException if QEMU broke the protocol
     * @throws QmpException if the calling thread was interrupted while waiting
     */
    public String hmp(String commandLine) {
        Objects.requireNonNull(commandLine, "commandLine");
        JsonNode out = execute("human-monitor-command", Map.of("command-line", commandLine));
        return out == null ? "" : out.asText();
    }

    // ---------------------------------------------------------------- events

    /**
     * Calls {@code listener} for every event named {@code name} until the subscription is closed.
     * Listeners run one at a time on this connection's event thread; a listener that throws is logged
     * and stays subscribed. The subscription's {@code toString} says what it listens to, e.g.
     * {@code QmpSubscription{COLO_EXIT on primary}}.
     *
     * @throws QmpConnectionClosedException if the connection is closed (no event would ever come;
     *     use {@link #onClose} to learn of the close)
     */
    public QmpSubscription onEvent(String name, Consumer<? super QmpEvent> listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listener, "listener");
        requireOpen("a listener for " + name);
        return events.subscribe(name, listener);
    }

    /**
     * Calls {@code listener} with the decoded data of every event of {@code type}.
     *
     * @throws QmpConnectionClosedException if the connection is closed
     */
    public <T> QmpSubscription onEvent(QmpEventType<T> type, Consumer<? super T> listener) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(listener, "listener");
        requireOpen("a listener for " + type.name());
        return events.subscribe(type.name(), event -> listener.accept(event.as(type)));
    }

    /**
     * Calls {@code listener} for every event, whatever its name.
     *
     * @throws QmpConnectionClosedException if the connection is closed
     */
    public QmpSubscription onAnyEvent(Consumer<? super QmpEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        requireOpen("a listener for every event");
        return events.subscribe(null, listener);
    }

    /**
     * Calls {@code listener} once when this connection closes, with the cause:
     * <ul>
     *   <li>{@link QmpConnectionClosedException} when QEMU closed it (it exited or was killed: end of
     *       stream or connection reset) or when {@link #close()} closed it (then the message says
     *       "closed by this client");</li>
     *   <li>{@link QmpProtocolException} when QEMU sent something that is not QMP.</li>
     * </ul>
     * The listener runs on this connection's event thread ({@code colo4j-qmp-events-<name>}), after the
     * event listeners got every event that arrived before the close, and never on the thread that
     * calls {@code close()}: closing runs no listener code. Registering on a client that is already
     * closed calls {@code listener} at once, on the registering thread, before this method returns. A
     * listener that throws is logged at WARN; the client is not affected. Closing the subscription
     * before the connection closes means the listener is not called.
     *
     * <pre>{@code
     * qmp.onClose(cause -> log.warn("lost QMP of {}: {}", qmp.name(), cause.getMessage()));
     * }</pre>
     */
    public QmpSubscription onClose(Consumer<? super QmpException> listener) {
        Objects.requireNonNull(listener, "listener");
        return events.onClose(listener);
    }

    /**
     * Starts waiting for the first event named {@code name} that matches {@code predicate}, from now
     * on. Create the waiter before the command that causes the event; see {@link QmpEventWaiter}.
     *
     * @throws QmpConnectionClosedException if the connection is closed
     */
    public QmpEventWaiter expectEvent(String name, Predicate<? super QmpEvent> predicate) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predicate, "predicate");
        requireOpen("a wait for " + name);
        return events.expect(name, predicate);
    }

    private void requireOpen(String what) {
        QmpException cause = closedCause;
        if (cause != null) {
            throw new QmpConnectionClosedException("cannot register " + what + " on " + name + ": the QMP connection to "
                    + endpoint + " is closed (" + cause.getMessage() + ")", cause);
        }
    }

    /**
     * Blocks until an event named {@code name} matching {@code predicate} arrives, counting from this
     * call. To catch an event caused by a command, use {@link #executeAndAwait} or
     * {@link #expectEvent} instead, which subscribe before the command is sent.
     *
     * @throws QmpTimeoutException if none arrived within {@code timeout}
     * @throws QmpConnectionClosedException if the connection is closed, or closes while waiting
     * @throws QmpException if {@code predicate} threw (as the cause), or the calling thread was
     *     interrupted while waiting
     */
    public QmpEvent awaitEvent(String name, Predicate<? super QmpEvent> predicate, Duration timeout) {
        try (QmpEventWaiter waiter = expectEvent(name, predicate)) {
            return waiter.await(timeout);
        }
    }

    /**
     * The typed form of {@link #awaitEvent(String, Predicate, Duration)}.
     *
     * @throws QmpTimeoutException if none arrived within {@code timeout}
     * @throws QmpConnectionClosedException if the connection is closed, or closes while waiting
     * @throws QmpProtocolException if an event's data does not decode into {@code type}'s data type
     * @throws QmpException if {@code predicate} threw, or the calling thread was interrupted
     */
    public <T> T awaitEvent(QmpEventType<T> type, Predicate<? super T> predicate, Duration timeout) {
        Objects.requireNonNull(predicate, "predicate");
        return awaitEvent(type.name(), event -> predicate.test(event.as(type)), timeout).as(type);
    }

    /**
     * Subscribes to {@code event}, runs {@code command}, then waits for the first matching event: the
     * event cannot be missed, however fast QEMU emits it.
     *
     * <pre>{@code
     * QmpEvent stop = qmp.executeAndAwait(new Stop(), "STOP", e -> true, Duration.ofSeconds(5));
     * }</pre>
     *
     * @throws QmpErrorResponseException if the command fails (then nothing is awaited)
     * @throws QmpTimeoutException if the command's reply does not come within
     *     {@link QmpOptions#commandTimeout()}, or the event does not arrive within {@code timeout}
     * @throws QmpConnectionClosedException if the connection is closed, or closes first
     * @throws QmpProtocolException if the reply does not decode, or QEMU broke the protocol
     * @throws QmpException if {@code predicate} threw, or the calling thread was interrupted
     */
    public QmpEvent executeAndAwait(QmpCommand<?> command, String event, Predicate<? super QmpEvent> predicate,
                                    Duration timeout) {
        try (QmpEventWaiter waiter = expectEvent(event, predicate)) {
            execute(command);
            return waiter.await(timeout);
        }
    }

    // ---------------------------------------------------------------- schema

    /**
     * What the connected QEMU supports, from {@code query-qmp-schema}: fetched on first use, then
     * cached for the life of this connection.
     *
     * @throws QmpTimeoutException if the first fetch got no reply within {@link QmpOptions#commandTimeout()}
     * @throws QmpConnectionClosedException if the connection is closed before the first fetch ended
     * @throws QmpProtocolException if the reply is not a schema, or QEMU broke the protocol
     * @throws QmpErrorResponseException if QEMU refused {@code query-qmp-schema}
     * @throws QmpException if the calling thread was interrupted while waiting
     */
    public QmpSchema schema() {
        QmpSchema s = schema;
        if (s == null) {
            // Its own lock: the reader thread takes this client's monitor to fail pending calls when
            // QEMU dies, and must not wait for a schema fetch that is waiting for it.
            synchronized (schemaLock) {
                s = schema;
                if (s == null) {
                    s = QmpSchema.of(execute("query-qmp-schema", Map.of()));
                    schema = s;
                }
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the connection: closes the socket at once, without waiting for QEMU to read anything
     * still queued. Pending calls and event waits fail with {@link QmpConnectionClosedException};
     * {@link #onClose close listeners} then hear of it on the event thread, never on this one. QEMU
     * keeps running. Closing twice is harmless.
     */
    @Override
    public void close() {
        shutdown(new QmpConnectionClosedException("QMP connection to " + endpoint + " was closed by this client"));
        if (reader != null && Thread.currentThread() != reader) {
            try {
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "QmpClient{" + name + ", " + endpoint + ", QEMU " + greeting.version() + (isOpen() ? "" : ", closed") + "}";
    }

    // ---------------------------------------------------------------- core

    private void requireOob() {
        if (!oob) {
            throw new IllegalStateException("OOB is not enabled on " + endpoint + ": QEMU offered "
                    + greeting.capabilities() + (options.negotiateOob() ? "" : " and QmpOptions.negotiateOob() is false"));
        }
    }

    /** An asynchronous call: sent, and the reader thread reads its reply. */
    private <R> CompletableFuture<R> send(String verb, String name, ObjectNode arguments, QmpReturn<R> returnType,
                                          Duration timeout, FileDescriptor[] fds) {
        PendingCall<R> call = enqueue(verb, name, arguments, returnType, timeout, fds);
        if (!call.future.isDone()) {
            baton.callReader();
        }
        return call.future;
    }

    /**
     * A blocking call: sent, then, when it is the only call in flight and no other thread reads, its
     * reply is read on this thread ({@link ReadBaton}); else the reader thread reads it.
     */
    private <R> R call(String verb, String name, ObjectNode arguments, QmpReturn<R> returnType, Duration timeout,
                       FileDescriptor[] fds) {
        PendingCall<R> call = enqueue(verb, name, arguments, returnType, timeout, fds);
        if (!call.future.isDone() && baton.leadOrCallReader()) {
            lead(call);
        }
        return await(call.future, timeout);
    }

    /** Holds the read baton: reads and dispatches everything that comes until {@code call} is answered or expires. */
    private void lead(PendingCall<?> call) {
        try {
            while (!call.future.isDone() && !Thread.currentThread().isInterrupted()) {
                long left = call.deadline - System.nanoTime();
                // At the deadline the sweep fails the call; until it has, look again every millisecond.
                if (readerLoop.pump(Math.max(left, 1_000_000L)) == ReaderLoop.ENDED) {
                    break;
                }
            }
        } finally {
            baton.release();
        }
    }

    private <R> PendingCall<R> enqueue(String verb, String name, ObjectNode arguments, QmpReturn<R> returnType,
                                       Duration timeout, FileDescriptor[] fds) {
        Objects.requireNonNull(timeout, "timeout");
        PendingCall<R> call = new PendingCall<>(verb, name, arguments, returnType, timeout);

        QmpException closed = closedCause;
        if (closed != null) {
            call.fail(closedError(closed, name));
            return call;
        }
        call.deadline = System.nanoTime() + Math.min(timeout.toNanos(), MAX_TIMEOUT_NANOS);
        int id;
        try {
            id = calls.add(call);
        } catch (QmpException e) {
            call.fail(e);
            return call;
        }
        closed = closedCause;
        if (closed != null && calls.remove(id, call)) {
            call.fail(closedError(closed, name));
            return call;
        }
        byte[] line;
        try {
            line = QmpJson.commandLine(verb, name, arguments, id);
        } catch (IOException | RuntimeException e) {
            calls.remove(id, call);
            call.fail(new QmpException("cannot render " + name + " as JSON: " + e.getMessage(), e));
            return call;
        }
        call.id = id;
        call.line = line;
        call.fds = fds;
        deadlines.arm(call.deadline);
        if (log.isTraceEnabled()) {
            log.trace("-> {}", new String(line, 0, line.length - 1, java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            outbox.send(call);
        } catch (IOException | RuntimeException e) {
            shutdown(new QmpConnectionClosedException("writing " + name + " to " + endpoint + " failed: " + e.getMessage(), e));
        }
        return call;
    }

    /** Timer thread: fails {@code call}, whose deadline passed, saying how far its command got. */
    private void expire(PendingCall<?> call) {
        Outbox.Fate fate = outbox.withdraw(call);
        if (fate == Outbox.Fate.WITHDRAWN) {
            calls.releaseExpired(call.id);
        }
        call.fail(new QmpTimeoutException(timeoutMessage(call, fate), call.timeout));
    }

    private String timeoutMessage(PendingCall<?> call, Outbox.Fate fate) {
        String command = " (command: " + call.commandText() + ")";
        return switch (fate) {
            case SENT -> call.name + " got no reply from " + endpoint + " within " + call.timeout + command;
            case WITHDRAWN -> call.name + " could not be sent to " + endpoint + " within " + call.timeout
                    + ": QEMU is not reading its QMP input; the command was dropped and will not run" + command;
            case BEING_SENT -> call.name + " was still being sent to " + endpoint + " after " + call.timeout
                    + ": QEMU is not reading its QMP input; it is sent in full if QEMU reads again (and may then run)"
                    + command;
        };
    }

    private void onPeerClosed(String how) {
        QmpConnectionClosedException eof = new QmpConnectionClosedException(
                "QEMU closed the QMP connection " + endpoint + " (" + how + "): the process exited or was killed");
        for (PendingCall<?> call : calls.removeIf(call -> "quit".equals(call.name))) {
            call.succeed(QmpJson.mapper().createObjectNode());
        }
        shutdown(eof);
    }

    private void shutdown(QmpException cause) {
        synchronized (this) {
            if (closedCause != null) {
                return;
            }
            closedCause = cause;
        }
        closeQuietly();
        baton.close();
        deadlines.stop();
        if (outbox != null) {
            outbox.close();
        }
        for (PendingCall<?> call : calls.removeIf(call -> true)) {
            call.fail(cause instanceof QmpProtocolException ? cause : closedError(cause, call.name));
        }
        if (events != null) {
            events.close(cause, cause instanceof QmpConnectionClosedException ? cause
                    : new QmpConnectionClosedException("QMP connection to " + endpoint + " closed", cause));
        }
    }

    private static QmpException closedError(QmpException cause, String name) {
        if (cause instanceof QmpConnectionClosedException c) {
            return new QmpConnectionClosedException(name + ": " + c.getMessage(), c.getCause());
        }
        return new QmpConnectionClosedException(name + ": the QMP connection is closed: " + cause.getMessage(), cause);
    }

    /** Closes the socket: a reader or writer blocked on it fails at once. */
    private void closeQuietly() {
        try {
            transport.close();
        } catch (IOException e) {
            log.debug("closing {} failed", endpoint, e);
        }
    }

    private void negotiate() {
        boolean wantOob = options.negotiateOob() && greeting.offersOob();
        call("execute", "qmp_capabilities", wantOob ? QmpJson.ENABLE_OOB : null, QmpReturn.none(),
                options.commandTimeout(), null);
        oob = wantOob;
    }

    /**
     * Waits for the reply of a call this client sent with {@code executeAsync} and returns it, or
     * throws what {@link #execute(QmpCommand)} throws: the blocking layer for calls sent together,
     * e.g. several queries sent at once and then awaited one by one.
     *
     * @param future a future this client returned
     * @param timeout the deadline the call was sent with; the call's own deadline completes the
     *     future, this wait gives it one second more
     * @throws QmpErrorResponseException if QEMU answered with an error
     * @throws QmpTimeoutException if the call passed its deadline
     * @throws QmpConnectionClosedException if the connection closed before the reply, or was closed
     * @throws QmpProtocolException if the reply does not decode, or QEMU broke the protocol
     * @throws QmpException if the calling thread was interrupted while waiting
     */
    public <R> R await(CompletableFuture<R> future, Duration timeout) {
        Objects.requireNonNull(future, "future");
        Objects.requireNonNull(timeout, "timeout");
        try {
            // The call's own deadline completes the future; the extra second only guards against a lost timer.
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw CallerStack.rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("no reply from " + endpoint + " within " + timeout, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("interrupted while waiting for a reply from " + endpoint, e);
        }
    }
}
