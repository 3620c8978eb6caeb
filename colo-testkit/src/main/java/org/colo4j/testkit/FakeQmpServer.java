package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpGreeting;
import org.colo4j.qmp.QmpOptions;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process QMP server on a real socket that behaves like QEMU's monitor where a test needs it
 * to, and like whatever the test scripts elsewhere.
 *
 * <pre>{@code
 * try (FakeQmpServer server = FakeQmpServer.builder().version(QemuVersion.of(8, 2, 2)).build();
 *      QmpClient qmp = QmpClient.connect(server.endpoint())) {
 *     server.expect(QmpExchange.on("query-colo-status")
 *             .reply(new ColoStatusInfo(ColoMode.PRIMARY, ColoMode.NONE, ColoExitReason.NONE)));
 *     myHaLogic.check(qmp);
 *     server.sendEvent(FakeEvents.coloExit(ColoMode.PRIMARY, ColoExitReason.ERROR));
 *     assertThat(server.awaitCommand("x-colo-lost-heartbeat", Duration.ofSeconds(5))).isNotNull();
 *     server.verify();
 * }
 * }</pre>
 *
 * <h2>What it does like QEMU 7.2</h2>
 * The greeting ({@code {"QMP": {"version": ..., "capabilities": ["oob"]}}}, version chosen by the
 * test); capabilities negotiation (commands before {@code qmp_capabilities} fail with
 * {@code CommandNotFound "Expecting capabilities negotiation with 'qmp_capabilities'"}, a second
 * {@code qmp_capabilities} with {@code "Capabilities negotiation is already complete, command
 * ignored"}, {@code exec-oob} without OOB with {@code "QMP input member 'exec-oob' is unexpected"});
 * input that is not a JSON object gets {@code GenericError "QMP input must be a JSON object"}
 * without {@code id}; lines end in {@code \r\n}; JSON is spelled as QEMU spells it; events reach
 * only a client that finished negotiation (others are dropped and counted); one client at a time
 * (the next waits until the current one disconnects); in-band commands run one at a time, in
 * order, {@code exec-oob} ones at once.
 *
 * <h2>How a command is answered</h2>
 * In this order: the next {@linkplain #expect(QmpExchange) expectation} if it matches; else the
 * first matching {@linkplain #stub(QmpExchange) stub}; else, if an expectation is pending, an
 * error reply and a recorded {@linkplain #problems() problem}; else the
 * {@linkplain Builder#handler(QmpHandler) handler} (by default {@code query-version} from the
 * greeting and {@code CommandNotFound} for everything else).
 *
 * <h2>Faults</h2>
 * {@link QmpReply#closeConnection()}, {@link QmpReply#garbage(String)}, {@link QmpReply#noReply()},
 * {@link QmpReply#delayedBy(Duration)}, {@link Builder#greetingDelay(Duration)},
 * {@link #sendLine(String)}, {@link #dropClient()} and {@link #kill()}.
 *
 * <p>Thread-safe. {@link #close()} closes the socket, the connection and every thread, and deletes
 * the unix socket file (with its temporary directory, if the server made one).
 */
public final class FakeQmpServer implements AutoCloseable {

    /** QEMU 7.2.22 as Debian bookworm ships it, offering OOB: the default greeting. */
    public static final QmpGreeting QEMU_7_2 = new QmpGreeting(QemuVersion.of(7, 2, 22),
            "Debian 1:7.2+dfsg-7+deb12u18+b3", List.of("oob"));

    private static final Logger LOG = LoggerFactory.getLogger(FakeQmpServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    /** An exchange and how many more times it may be used (-1: without limit). */
    private static final class Scripted {
        final QmpExchange exchange;
        int remaining;

        Scripted(QmpExchange exchange, int remaining) {
            this.exchange = exchange;
            this.remaining = remaining;
        }
    }

    private final int id = SERVERS.incrementAndGet();
    private final String label;
    private final ServerSocket listener;
    private final QmpEndpoint endpoint;
    private final Path socketDirectory;
    private final QmpGreeting greeting;
    private final Duration greetingDelay;
    private final Clock clock;
    private final QmpHandler handler;
    private final List<QmpEvent> afterNegotiation;
    private final Object lock = new Object();
    private final Deque<Scripted> expectations = new ArrayDeque<>();
    private final List<Scripted> stubs = new ArrayList<>();
    private final List<ReceivedCommand> received = new ArrayList<>();
    private final Map<String, Integer> awaited = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<QmpTranscript.Entry> transcript = new ArrayList<>();
    private final List<QmpClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final CountDownLatch killed = new CountDownLatch(1);
    private final Thread acceptor;
    private volatile QmpSession current;

    private FakeQmpServer(Builder b, ServerSocket listener, QmpEndpoint endpoint, Path socketDirectory) {
        this.listener = listener;
        this.endpoint = endpoint;
        this.socketDirectory = socketDirectory;
        this.label = "FakeQmpServer[" + (b.name == null ? "#" + id : b.name) + "]";
        this.greeting = b.greeting;
        this.greetingDelay = b.greetingDelay;
        this.clock = b.clock;
        this.handler = b.handler != null ? b.handler : basicQemu(b.greeting);
        List<QmpEvent> early = new ArrayList<>();
        for (TranscriptScript script : b.replays) {
            early.addAll(script.afterNegotiation());
        }
        this.afterNegotiation = List.copyOf(early);
        b.expectations.forEach(this::expect);
        b.stubs.forEach(this::stub);
        this.acceptor = new Thread(this::acceptLoop, threadName("acceptor"));
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.debug("{} listening on {}", this, endpoint);
    }

    /**
     * A builder: unix socket in a temporary directory, QEMU 7.2.22 greeting, no script.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A started server with every default (unix socket, QEMU 7.2.22).
     *
     * @return the started server
     */
    public static FakeQmpServer start() {
        return builder().build();
    }

    // ------------------------------------------------------------------ identity

    /**
     * Where clients connect: {@code unix:/tmp/colo4j-fake-.../qmp.sock} or {@code tcp:127.0.0.1:PORT}.
     *
     * @return the endpoint
     */
    public QmpEndpoint endpoint() {
        return endpoint;
    }

    /**
     * The greeting this server sends.
     *
     * @return the greeting this server sends
     */
    public QmpGreeting greeting() {
        return greeting;
    }

    /**
     * A {@link QmpClient} connected to this server with 5-second deadlines, closed when the server
     * closes (closing it earlier is fine).
     *
     * @return a connected client
     * @throws org.colo4j.qmp.QmpException if the connection fails, e.g. after {@link #kill()}
     */
    public QmpClient connect() {
        QmpClient client = QmpClient.connect(endpoint, QmpOptions.defaults().withConnectTimeout(CLIENT_TIMEOUT)
                .withGreetingTimeout(CLIENT_TIMEOUT).withCommandTimeout(CLIENT_TIMEOUT));
        clients.add(client);
        return client;
    }

    // ------------------------------------------------------------------ script

    /**
     * Appends an ordered expectation: the next command (after the ones expected before) must match
     * it; it answers {@link QmpExchange#times(int)} times (once by default).
     *
     * @param exchange the expected command and its answer
     * @return this server
     */
    public FakeQmpServer expect(QmpExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        synchronized (lock) {
            expectations.addLast(new Scripted(exchange, exchange.times() == null ? 1 : exchange.times()));
        }
        return this;
    }

    /**
     * Adds a stub: it answers every matching command, in any order, {@link QmpExchange#times(int)}
     * times (without limit by default). Earlier stubs win over later ones. On a
     * {@link FakeColoNode}'s server a stub overrides the COLO model, e.g. to inject a fault.
     *
     * @param exchange the command and its answer
     * @return this server
     */
    public FakeQmpServer stub(QmpExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        synchronized (lock) {
            stubs.add(new Scripted(exchange, exchange.times() == null ? -1 : exchange.times()));
        }
        return this;
    }

    /**
     * Checks the script: every expectation was used and no command arrived out of order.
     *
     * @throws AssertionError listing every unused expectation and every problem
     */
    public void verify() {
        synchronized (lock) {
            List<String> all = new ArrayList<>(problems);
            for (Scripted s : expectations) {
                all.add("expected but never received: " + s.exchange
                        + (s.remaining > 1 ? " (" + s.remaining + " more times)" : ""));
            }
            if (!all.isEmpty()) {
                throw new AssertionError(this + " script not met:\n  " + String.join("\n  ", all)
                        + "\nreceived: " + received.stream().map(ReceivedCommand::toString).toList());
            }
        }
    }

    /**
     * Commands that arrived while an expectation was pending and matched neither it nor a stub.
     *
     * @return the problems, in order
     */
    public List<String> problems() {
        synchronized (lock) {
            return List.copyOf(problems);
        }
    }

    // ------------------------------------------------------------------ record

    /**
     * Every command received so far, on every connection, including {@code qmp_capabilities}.
     *
     * @return every command received so far, on every connection, including {@code qmp_capabilities}
     */
    public List<ReceivedCommand> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    /**
     * The names of the commands received so far, without {@code qmp_capabilities}.
     *
     * @return the names of the commands received so far, without {@code qmp_capabilities}
     */
    public List<String> receivedNames() {
        synchronized (lock) {
            return received.stream().map(ReceivedCommand::name).filter(n -> !n.equals("qmp_capabilities")).toList();
        }
    }

    /**
     * Waits for the next command named {@code name} that an earlier call has not returned yet
     * (commands received before the call count), so successive calls walk through a sequence.
     *
     * @param name the command name
     * @param timeout how long to wait
     * @return the command
     * @throws AssertionError if none arrives in time, listing what was received
     */
    public ReceivedCommand awaitCommand(String name, Duration timeout) {
        Objects.requireNonNull(name, "name");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                int seen = awaited.getOrDefault(name, 0);
                int n = 0;
                for (ReceivedCommand c : received) {
                    if (c.name().equals(name) && n++ == seen) {
                        awaited.put(name, seen + 1);
                        return c;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(this + " received no (further) '" + name + "' within " + timeout
                            + "; received " + receivedNames());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for '" + name + "'", e);
                }
            }
        }
    }

    /**
     * Everything exchanged so far, greeting included, as a transcript; lines that are not JSON
     * (garbage) are left out.
     * @return the transcript so far
     */
    public QmpTranscript transcript() {
        synchronized (lock) {
            return QmpTranscript.of(transcript);
        }
    }

    /**
     * How many client connections were accepted so far.
     *
     * @return how many client connections were accepted so far
     */
    public int connections() {
        return connections.get();
    }

    /**
     * How many events were dropped because no negotiated client was connected.
     *
     * @return how many events were dropped because no negotiated client was connected
     */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    // ------------------------------------------------------------------ push

    /**
     * Sends {@code event} to the connected client. Like QEMU, drops it (and counts it in
     * {@link #droppedEvents()}) if no client has finished negotiation.
     *
     * @param event e.g. {@code FakeEvents.of("STOP")}; an {@link FakeEvents#UNSTAMPED} timestamp
     *     is replaced by the server's clock
     * @return whether it was sent
     */
    public boolean sendEvent(QmpEvent event) {
        Objects.requireNonNull(event, "event");
        QmpSession s = current;
        if (s != null && s.sendEvent(event)) {
            return true;
        }
        droppedEvents.incrementAndGet();
        LOG.debug("{}: no negotiated client, dropped event {}", this, event.name());
        return false;
    }

    /**
     * Shorthand for {@code sendEvent(FakeEvents.of(name))}.
     *
     * @param name an event without data, e.g. {@code STOP}
     * @return whether it was sent
     */
    public boolean sendEvent(String name) {
        return sendEvent(FakeEvents.of(name));
    }

    /**
     * Fault: sends {@code line} as it is (plus {@code \r\n}) to the connected client, e.g. garbage.
     *
     * @param line any text without line breaks
     * @return whether a client was connected to receive it
     */
    public boolean sendLine(String line) {
        Objects.requireNonNull(line, "line");
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("line must not contain line breaks: " + line);
        }
        QmpSession s = current;
        return s != null && s.send(line, false);
    }

    /**
     * Waits until a client has connected and finished capabilities negotiation, so that events
     * reach it.
     *
     * @param timeout how long to wait
     * @throws AssertionError if no client negotiated in time
     */
    public void awaitClient(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (current == null || !current.negotiated() || !current.isOpen()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(this + ": no client connected and negotiated within " + timeout);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a client", e);
                }
            }
        }
    }

    /**
     * Whether a client is connected now.
     *
     * @return whether a client is connected now
     */
    public boolean hasClient() {
        QmpSession s = current;
        return s != null && s.isOpen();
    }

    /**
     * Fault: closes the current connection (the client sees EOF); the server keeps listening, as
     * QEMU's monitor does when a client goes away.
     */
    public void dropClient() {
        QmpSession s = current;
        if (s != null) {
            s.close();
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Fault: the fake QEMU dies. The listening socket and the connection close at once (clients see
     * EOF, new connections are refused); clients from {@link #connect()} stay open for the test to
     * observe. The records ({@link #received()}, {@link #transcript()}) stay readable.
     */
    public void kill() {
        if (killed.getCount() == 0) {
            return;
        }
        killed.countDown();
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the listener failed", this, e);
        }
        dropClient();
    }

    /**
     * Whether {@link #kill()} or {@link #close()} was called.
     *
     * @return whether {@link #kill()} or {@link #close()} was called
     */
    public boolean isKilled() {
        return killed.getCount() == 0;
    }

    /**
     * Kills the server (see {@link #kill()}), closes the clients from {@link #connect()}, waits up to
     * 2 s for its threads and deletes its unix socket file (and the socket's temporary directory, if
     * it made one). {@link #kill()} alone leaves the file behind, as a killed QEMU does. Harmless twice.
     */
    @Override
    public void close() {
        kill();
        for (QmpClient c : clients) {
            c.close();
        }
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (endpoint instanceof QmpEndpoint.Unix u) {
                Files.deleteIfExists(u.path());
            }
            if (socketDirectory != null) {
                Files.deleteIfExists(socketDirectory);
            }
        } catch (IOException e) {
            LOG.debug("{}: cannot delete its socket {}", this, endpoint, e);
        }
    }

    @Override
    public String toString() {
        return label;
    }

    // ------------------------------------------------------------------ internals

    String threadName(String role) {
        return "colo4j-fake-qmp-" + id + "-" + role;
    }

    Instant now() {
        return clock.instant();
    }

    String eventLine(QmpEvent event) {
        Instant when = FakeEvents.UNSTAMPED.equals(event.timestamp()) ? now() : event.timestamp();
        return QmpWire.render(QmpWire.event(event, when));
    }

    List<QmpEvent> eventsAfterNegotiation() {
        return afterNegotiation;
    }

    void record(QmpTranscript.Direction direction, String line) {
        JsonNode message;
        try {
            message = JsonArgs.parse(line, "line");
        } catch (IllegalArgumentException e) {
            return;
        }
        synchronized (lock) {
            transcript.add(new QmpTranscript.Entry(direction, message, 0));
        }
    }

    void onReceived(ReceivedCommand command) {
        synchronized (lock) {
            received.add(command);
            lock.notifyAll();
        }
    }

    /** The answer to a negotiated command: expectation, stub, problem or handler. */
    QmpReply resolve(ReceivedCommand command) {
        synchronized (lock) {
            Scripted head = expectations.peekFirst();
            if (head != null && head.exchange.matches(command)) {
                if (--head.remaining <= 0) {
                    expectations.removeFirst();
                }
                return head.exchange.reply();
            }
            for (Scripted s : stubs) {
                if (s.remaining != 0 && s.exchange.matches(command)) {
                    if (s.remaining > 0) {
                        s.remaining--;
                    }
                    return s.exchange.reply();
                }
            }
            if (head != null) {
                String problem = "received " + command + " but expected " + head.exchange;
                problems.add(problem);
                return QmpReply.genericError("colo4j-testkit: unexpected command '" + command.name()
                        + "'; the script expects '" + head.exchange.command() + "' next");
            }
        }
        try {
            QmpReply reply = handler.handle(command);
            if (reply == null) {
                throw new IllegalStateException("the handler returned null");
            }
            return reply;
        } catch (RuntimeException e) {
            LOG.warn("{}: handler failed on {}", this, command, e);
            synchronized (lock) {
                problems.add("handler failed on " + command + ": " + e);
            }
            return QmpReply.genericError("colo4j-testkit: the fake's handler failed on '" + command.name() + "': " + e);
        }
    }

    private void acceptLoop() {
        String greetingLine = QmpWire.greeting(greeting);
        while (!isKilled()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!isKilled()) {
                    LOG.warn("{}: accept failed, the fake stops listening", this, e);
                }
                return;
            }
            int n = connections.incrementAndGet();
            QmpSession session;
            try {
                session = new QmpSession(this, socket, n);
            } catch (IOException e) {
                LOG.debug("{}: connection {} failed at once", this, n, e);
                closeQuietly(socket);
                continue;
            }
            current = session;
            if (isKilled()) {
                session.close();
                return;
            }
            LOG.debug("{}: client {} connected", this, n);
            session.serve(greetingDelay, greetingLine);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static QmpHandler basicQemu(QmpGreeting greeting) {
        return command -> {
            if (command.name().equals("query-version")) {
                ObjectNode ret = (ObjectNode) JsonArgs.parse(QmpWire.greeting(greeting), "greeting")
                        .path("QMP").path("version");
                return QmpReply.ok(ret);
            }
            return QmpReply.commandNotFound(command.name());
        };
    }

    /**
     * Configures a {@link FakeQmpServer}; {@link #build()} validates and starts it.
     */
    public static final class Builder {

        private FakeTransport transport = FakeTransport.UNIX;
        private Path unixSocket;
        private QmpEndpoint.Tcp tcpAddress;
        private QmpGreeting greeting = QEMU_7_2;
        private Duration greetingDelay = Duration.ZERO;
        private Clock clock = Clock.systemUTC();
        private QmpHandler handler;
        private String name;
        private final List<QmpExchange> expectations = new ArrayList<>();
        private final List<QmpExchange> stubs = new ArrayList<>();
        private final List<TranscriptScript> replays = new ArrayList<>();

        private Builder() {}

        /**
         * Listen on TCP or on a unix socket in a fresh temporary directory (the default).
         *
         * @param transport the socket kind
         * @return this builder
         */
        public Builder transport(FakeTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Listen on TCP, 127.0.0.1, on a port the operating system picks.
         *
         * @return this builder
         */
        public Builder tcp() {
            return transport(FakeTransport.TCP);
        }

        /**
         * Listen on this unix socket path instead of a temporary one; its directory must exist and
         * the file must not.
         *
         * @param socket the socket file, at most 107 bytes long
         * @return this builder
         */
        public Builder unix(Path socket) {
            this.unixSocket = Objects.requireNonNull(socket, "socket");
            this.tcpAddress = null;
            this.transport = FakeTransport.UNIX;
            return this;
        }

        /**
         * Listen exactly at {@code endpoint}, e.g. a QMP endpoint from a colo4j spec: a unix socket
         * path (as {@link #unix(Path)}), or a TCP host and port, which must be an address of this
         * machine (a loopback address such as 127.0.0.1 or 127.0.0.2 on Linux).
         *
         * @param endpoint where to listen
         * @return this builder
         */
        public Builder endpoint(QmpEndpoint endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint instanceof QmpEndpoint.Unix u) {
                this.tcpAddress = null;
                return unix(u.path());
            }
            this.unixSocket = null;
            this.tcpAddress = (QmpEndpoint.Tcp) endpoint;
            this.transport = FakeTransport.TCP;
            return this;
        }

        /**
         * The greeting to send.
         *
         * @param greeting version, package and capabilities
         * @return this builder
         */
        public Builder greeting(QmpGreeting greeting) {
            this.greeting = Objects.requireNonNull(greeting, "greeting");
            return this;
        }

        /**
         * Greet as QEMU {@code version} (offering OOB, with an empty package string, as an upstream
         * build does); {@link FakeQmpServer#QEMU_7_2} by default.
         *
         * @param version e.g. {@code QemuVersion.of(8, 2, 2)}
         * @return this builder
         */
        public Builder version(QemuVersion version) {
            Objects.requireNonNull(version, "version");
            return greeting(version.equals(QEMU_7_2.version()) ? QEMU_7_2 : new QmpGreeting(version, "", List.of("oob")));
        }

        /**
         * Fault: wait this long after accepting a connection before greeting.
         *
         * @param delay zero or more
         * @return this builder
         */
        public Builder greetingDelay(Duration delay) {
            this.greetingDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * The clock that stamps events; the system clock by default. A fixed clock makes
         * transcripts reproducible.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * What answers commands no expectation or stub answers; by default {@code query-version}
         * from the greeting and {@code CommandNotFound} for the rest.
         *
         * @param handler the fallback
         * @return this builder
         */
        public Builder handler(QmpHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * A name for logs and failure messages, e.g. {@code primary}.
         *
         * @param name a short name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * An ordered expectation from the start; see {@link FakeQmpServer#expect(QmpExchange)}.
         *
         * @param exchange the expected command and its answer
         * @return this builder
         */
        public Builder expect(QmpExchange exchange) {
            expectations.add(Objects.requireNonNull(exchange, "exchange"));
            return this;
        }

        /**
         * A stub from the start; see {@link FakeQmpServer#stub(QmpExchange)}.
         *
         * @param exchange the command and its answer
         * @return this builder
         */
        public Builder stub(QmpExchange exchange) {
            stubs.add(Objects.requireNonNull(exchange, "exchange"));
            return this;
        }

        /**
         * Replays {@code transcript}: its greeting (if recorded) becomes the greeting, the events
         * recorded before the first command are sent after negotiation, and each recorded command
         * becomes an ordered expectation (same name and arguments; the {@code id} is the client's)
         * answered with what QEMU sent until the next command, recorded timestamps kept. A
         * recorded {@code qmp_capabilities} is not an expectation: the server negotiates itself.
         *
         * @param transcript e.g. {@code QmpTranscript.read(Path.of("src/test/resources/colo-start.qmp"))}
         * @return this builder
         */
        public Builder replay(QmpTranscript transcript) {
            Objects.requireNonNull(transcript, "transcript");
            TranscriptScript script = TranscriptScript.of(transcript);
            if (script.greeting() != null) {
                greeting = script.greeting();
            }
            expectations.addAll(script.exchanges());
            replays.add(script);
            return this;
        }

        /**
         * Validates the settings, binds the socket and starts accepting.
         *
         * @return the started server
         * @throws IllegalArgumentException listing every invalid setting
         * @throws TestkitException if the socket cannot be bound
         */
        public FakeQmpServer build() {
            List<String> wrong = new ArrayList<>();
            if (greetingDelay.isNegative()) {
                wrong.add("greetingDelay must not be negative, got " + greetingDelay);
            }
            if (unixSocket != null && transport != FakeTransport.UNIX) {
                wrong.add("unix(path) was given but transport is " + transport + ": drop one of them");
            }
            if (unixSocket != null) {
                int len = unixSocket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
                if (len > 107) {
                    wrong.add("unix socket path is " + len + " bytes; unix sockets allow 107: choose a shorter path");
                }
                if (unixSocket.toAbsolutePath().getParent() == null
                        || !Files.isDirectory(unixSocket.toAbsolutePath().getParent())) {
                    wrong.add("unix socket directory " + unixSocket.toAbsolutePath().getParent() + " does not exist");
                }
                if (Files.exists(unixSocket)) {
                    wrong.add("unix socket file " + unixSocket + " already exists: remove it or choose another path");
                }
            }
            if (!wrong.isEmpty()) {
                throw new IllegalArgumentException("FakeQmpServer settings are invalid:\n  " + String.join("\n  ", wrong));
            }
            try {
                if (transport == FakeTransport.TCP && tcpAddress != null) {
                    ServerSocket s = new ServerSocket();
                    try {
                        s.bind(new InetSocketAddress(InetAddress.getByName(tcpAddress.host()), tcpAddress.port()));
                    } catch (IOException e) {
                        s.close();
                        throw e;
                    }
                    return new FakeQmpServer(this, s, tcpAddress, null);
                }
                if (transport == FakeTransport.TCP) {
                    ServerSocket s = new ServerSocket();
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    return new FakeQmpServer(this, s, QmpEndpoint.tcp("127.0.0.1", s.getLocalPort()), null);
                }
                Path dir = null;
                Path socket = unixSocket;
                if (socket == null) {
                    dir = Files.createTempDirectory("colo4j-fake-");
                    socket = dir.resolve("qmp.sock");
                }
                AFUNIXServerSocket s = AFUNIXServerSocket.newInstance();
                s.bind(AFUNIXSocketAddress.of(socket));
                return new FakeQmpServer(this, s, QmpEndpoint.unix(socket), dir);
            } catch (IOException e) {
                throw new TestkitException("cannot bind a " + transport + " socket for a fake QMP server"
                        + (unixSocket == null ? "" : " at " + unixSocket) + (tcpAddress == null ? "" : " at " + tcpAddress)
                        + ": " + e.getMessage() + (tcpAddress == null ? "" : " (the host must be an address of this"
                        + " machine, e.g. 127.0.0.1, and the port free)"), e);
            }
        }
    }
}
