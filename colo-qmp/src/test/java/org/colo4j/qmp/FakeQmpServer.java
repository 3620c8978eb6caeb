package org.colo4j.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A QMP server on a real socket (TCP on 127.0.0.1 or a unix socket) for the client's unit tests. It
 * sends a greeting, answers qmp_capabilities, and hands every other command to a handler that may
 * reply at once, later, out of order, or never. Tests can push any line (events, garbage) and close
 * the connection mid-call.
 */
final class FakeQmpServer implements Closeable {

    static final String GREETING_7_2 = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7},"
            + " \"package\": \"Debian 1:7.2+dfsg-7+deb12u18\"}, \"capabilities\": [\"oob\"]}}";

    /** The connected client as the handler sees it. */
    interface Session {
        void send(String line);

        default void reply(JsonNode command, String returnJson) {
            send("{\"return\": " + returnJson + ", \"id\": " + command.get("id") + "}");
        }

        default void error(JsonNode command, String errorClass, String desc) {
            send("{\"id\": " + command.get("id") + ", \"error\": {\"class\": \"" + errorClass + "\", \"desc\": \"" + desc + "\"}}");
        }

        default void event(String name, String dataJson) {
            send("{\"timestamp\": {\"seconds\": 1795311965, \"microseconds\": 418630}, \"event\": \"" + name + "\""
                    + (dataJson == null ? "" : ", \"data\": " + dataJson) + "}");
        }

        void close();

        /** File descriptors received with the last line (unix sockets only). */
        FileDescriptor[] receivedFds();
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ServerSocket server;
    private final QmpEndpoint endpoint;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
    private volatile JsonNode capabilitiesCommand;
    private volatile String greeting = GREETING_7_2;
    private volatile Duration greetingDelay = Duration.ZERO;
    private volatile BiConsumer<JsonNode, Session> handler = (cmd, s) -> s.reply(cmd, "{}");
    private volatile Socket client;
    /** Closed while the server reads; a new one is put in place by {@link #stopReading()}. */
    private volatile CountDownLatch reading = new CountDownLatch(0);
    private volatile OutputStream clientOut;
    private final Thread acceptor;

    private FakeQmpServer(ServerSocket server, QmpEndpoint endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.acceptor = new Thread(this::serve, "fake-qmp-server");
        acceptor.setDaemon(true);
    }

    static FakeQmpServer tcp() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeQmpServer(s, QmpEndpoint.tcp("127.0.0.1", s.getLocalPort()));
    }

    /**
     * A TCP server whose accepted socket has a receive buffer of about {@code bytes} (which turns off
     * the kernel's receive-buffer growth), so that a client's writes fill it soon when the server stops
     * reading.
     */
    static FakeQmpServer tcpWithReceiveBuffer(int bytes) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReceiveBufferSize(bytes);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeQmpServer(s, QmpEndpoint.tcp("127.0.0.1", s.getLocalPort()));
    }

    static FakeQmpServer unix(Path socketFile) throws IOException {
        AFUNIXServerSocket s = AFUNIXServerSocket.newInstance();
        s.bind(AFUNIXSocketAddress.of(socketFile));
        return new FakeQmpServer(s, QmpEndpoint.unix(socketFile));
    }

    FakeQmpServer greeting(String greetingLine) {
        this.greeting = greetingLine;
        return this;
    }

    FakeQmpServer greetingDelay(Duration delay) {
        this.greetingDelay = delay;
        return this;
    }

    FakeQmpServer handler(BiConsumer<JsonNode, Session> handler) {
        this.handler = handler;
        return this;
    }

    FakeQmpServer start() {
        acceptor.start();
        return this;
    }

    QmpEndpoint endpoint() {
        return endpoint;
    }

    /** Every command received after qmp_capabilities, in order. */
    List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The next command received after qmp_capabilities, waiting up to 5 s. */
    JsonNode nextCommand() throws InterruptedException {
        JsonNode c = commands.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("the fake server received no command within 5 s");
        }
        return c;
    }

    /** The qmp_capabilities command the client negotiated with, or null. */
    JsonNode capabilitiesCommand() {
        return capabilitiesCommand;
    }

    /** Pushes a raw line to the connected client. */
    void send(String line) {
        OutputStream out = clientOut;
        if (out == null) {
            throw new IllegalStateException("no client connected");
        }
        synchronized (this) {
            try {
                out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * Stops reading the client's commands, like a QEMU whose monitor no longer reads its input: the
     * socket's buffers fill and the client's writes can go no further. Lines already read are still
     * handled.
     */
    void stopReading() {
        reading = new CountDownLatch(1);
    }

    /** Reads the client's commands again after {@link #stopReading()}. */
    void resumeReading() {
        reading.countDown();
    }

    /** Closes the client connection (the client sees EOF), like QEMU dying. */
    void dropClient() {
        try {
            Socket c = client;
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Resets the client connection (TCP RST: the client's next read fails), like QEMU killed with unread input. */
    void resetClient() {
        try {
            Socket c = client;
            if (c != null) {
                c.setSoLinger(true, 0);
                c.close();
            }
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        resumeReading();
        dropClient();
        server.close();
    }

    /** The socket's input, read only while {@link #reading} is open: at most one more read after {@link #stopReading()}. */
    private InputStream gated(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                awaitReading();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                awaitReading();
                return super.read(b, off, len);
            }
        };
    }

    private void awaitReading() throws IOException {
        try {
            reading.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while not reading");
        }
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            client = socket;
            if (socket instanceof AFUNIXSocket u) {
                u.setAncillaryReceiveBufferSize(1024);
            }
            clientOut = socket.getOutputStream();
            Session session = new Session() {
                @Override
                public void send(String line) {
                    FakeQmpServer.this.send(line);
                }

                @Override
                public void close() {
                    dropClient();
                }

                @Override
                public FileDescriptor[] receivedFds() {
                    try {
                        return socket instanceof AFUNIXSocket u ? u.getReceivedFileDescriptors() : new FileDescriptor[0];
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
            if (!greetingDelay.isZero()) {
                Thread.sleep(greetingDelay.toMillis());
            }
            send(greeting);
            BufferedReader in = new BufferedReader(new InputStreamReader(gated(socket.getInputStream()), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode cmd = MAPPER.readTree(line);
                String name = cmd.has("execute") ? cmd.get("execute").asText() : cmd.path("exec-oob").asText();
                if ("qmp_capabilities".equals(name)) {
                    capabilitiesCommand = cmd;
                    session.reply(cmd, "{}");
                    continue;
                }
                received.add(cmd);
                commands.add(cmd);
                handler.accept(cmd, session);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the test closed the server or the client went away
        }
    }
}
