package org.colo4j.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.colo4j.qmp.QmpEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a {@link FakeQmpServer}, built like QEMU's QMP monitor: the reader
 * (the server's acceptor thread) parses what arrives and runs {@code exec-oob} commands at once;
 * a dispatcher thread runs the other commands one at a time, in order, and writes their answers.
 */
final class QmpSession {

    private static final Logger LOG = LoggerFactory.getLogger(QmpSession.class);
    private static final ObjectMapper MAPPER = org.colo4j.qmp.QmpJson.mapper();
    private static final int MAX_LINE = 16 * 1024 * 1024;

    /** Something for the dispatcher: a command, or an input error to answer in order. */
    private record Item(ReceivedCommand command, ObjectNode inputError) {}

    private static final Item STOP = new Item(null, null);

    private final FakeQmpServer server;
    private final Socket socket;
    private final int number;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final BlockingQueue<Item> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread dispatcher;
    private volatile boolean negotiated;
    private volatile boolean oob;

    QmpSession(FakeQmpServer server, Socket socket, int number) throws IOException {
        this.server = server;
        this.socket = socket;
        this.number = number;
        this.out = socket.getOutputStream();
        this.dispatcher = new Thread(this::dispatchLoop, server.threadName("dispatcher-" + number));
        dispatcher.setDaemon(true);
    }

    int number() {
        return number;
    }

    boolean negotiated() {
        return negotiated;
    }

    boolean isOpen() {
        return closed.getCount() > 0;
    }

    /** Greets, then reads until EOF or close; runs on the server's acceptor thread. */
    void serve(Duration greetingDelay, String greetingLine) {
        dispatcher.start();
        try {
            if (!greetingDelay.isZero() && closed.await(greetingDelay.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            send(greetingLine, true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String line;
            while ((line = readLine(in)) != null) {
                onLine(line);
            }
            LOG.debug("{}: client {} closed the connection", server, number);
        } catch (IOException e) {
            if (isOpen()) {
                LOG.debug("{}: connection {} ended: {}", server, number, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            try {
                dispatcher.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the connection (the client sees EOF); harmless twice. */
    void close() {
        if (closed.getCount() == 0) {
            return;
        }
        closed.countDown();
        inbox.offer(STOP);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing connection {} failed", number, e);
        }
    }

    /** Sends an event if the client negotiated; returns whether it was sent. */
    boolean sendEvent(QmpEvent event) {
        if (!negotiated || !isOpen()) {
            return false;
        }
        return send(server.eventLine(event), true);
    }

    /** Sends {@code line} as it is, followed by QEMU's {@code \r\n}; returns whether it went out. */
    boolean send(String line, boolean record) {
        synchronized (writeLock) {
            if (!isOpen()) {
                return false;
            }
            if (record) {
                // recorded before it is written: once written, the client may answer before this thread runs on
                server.record(QmpTranscript.Direction.SERVER, line);
            }
            try {
                out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                LOG.debug("{}: writing to connection {} failed: {}", server, number, e.toString());
                close();
                return false;
            }
            return true;
        }
    }

    // ------------------------------------------------------------------ input

    private void onLine(String line) {
        if (line.isBlank()) {
            return;
        }
        server.record(QmpTranscript.Direction.CLIENT, line);
        List<JsonNode> values = new ArrayList<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(line)) {
            while (parser.nextToken() != null) {
                values.add(MAPPER.readTree(parser));
            }
        } catch (IOException | RuntimeException e) {
            inbox.offer(new Item(null, QmpWire.error(null, "GenericError", parseError(line))));
            return;
        }
        for (JsonNode value : values) {
            onMessage(value, line);
        }
    }

    private void onMessage(JsonNode message, String line) {
        if (!message.isObject()) {
            inbox.offer(new Item(null, QmpWire.error(null, "GenericError", "QMP input must be a JSON object")));
            return;
        }
        JsonNode id = message.get("id");
        boolean isOob = message.has("exec-oob");
        JsonNode name = isOob ? message.get("exec-oob") : message.get("execute");
        String problem = null;
        if (name == null) {
            problem = "QMP input lacks member 'execute'";
        } else if (!name.isTextual()) {
            problem = "QMP input member '" + (isOob ? "exec-oob" : "execute") + "' must be a string";
        } else if (message.has("execute") && isOob) {
            problem = "QMP input member 'exec-oob' is unexpected";
        } else if (message.has("arguments") && !message.get("arguments").isObject()) {
            problem = "QMP input member 'arguments' must be an object";
        } else if (isOob && !oob) {
            problem = "QMP input member 'exec-oob' is unexpected";
        } else {
            Iterator<String> members = message.fieldNames();
            while (members.hasNext()) {
                String m = members.next();
                if (!m.equals("execute") && !m.equals("exec-oob") && !m.equals("arguments") && !m.equals("id")
                        && !m.equals("control")) {
                    problem = "QMP input member '" + m + "' is unexpected";
                    break;
                }
            }
        }
        if (problem != null) {
            inbox.offer(new Item(null, QmpWire.error(id, "GenericError", problem)));
            return;
        }
        JsonNode args = message.get("arguments");
        ReceivedCommand command = new ReceivedCommand(name.asText(), args == null ? null : (ObjectNode) args, id, isOob,
                line, number, server.now());
        server.onReceived(command);
        if (isOob) {
            answer(command);
        } else {
            inbox.offer(new Item(command, null));
        }
    }

    private static String parseError(String line) {
        String s = line.strip();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        if (end > 0) {
            return "JSON parse error, invalid keyword '" + s.substring(0, end) + "'";
        }
        return "JSON parse error, stray '" + (s.isEmpty() ? "" : s.substring(0, 1)) + "'";
    }

    private String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return trimCr(buf);
            }
            buf.write(b);
            if (buf.size() > MAX_LINE) {
                throw new IOException("client line longer than " + MAX_LINE + " bytes");
            }
        }
        return buf.size() == 0 ? null : trimCr(buf);
    }

    private static String trimCr(ByteArrayOutputStream buf) {
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    // ------------------------------------------------------------------ dispatch

    private void dispatchLoop() {
        try {
            while (true) {
                Item item = inbox.take();
                if (item == STOP || !isOpen()) {
                    return;
                }
                if (item.inputError() != null) {
                    send(QmpWire.render(item.inputError()), true);
                } else {
                    answer(item.command());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: dispatcher of connection {} failed", server, number, e);
            close();
        }
    }

    private void answer(ReceivedCommand command) {
        JsonNode id = command.id();
        if ("qmp_capabilities".equals(command.name())) {
            negotiate(command);
            return;
        }
        if (!negotiated) {
            send(QmpWire.render(QmpWire.error(id, "CommandNotFound",
                    "Expecting capabilities negotiation with 'qmp_capabilities'")), true);
            return;
        }
        deliver(id, server.resolve(command));
    }

    private void negotiate(ReceivedCommand command) {
        JsonNode id = command.id();
        if (negotiated) {
            send(QmpWire.render(QmpWire.error(id, "CommandNotFound",
                    "Capabilities negotiation is already complete, command ignored")), true);
            return;
        }
        boolean wantOob = false;
        Iterator<String> members = command.arguments().fieldNames();
        while (members.hasNext()) {
            String m = members.next();
            if (!m.equals("enable")) {
                send(QmpWire.render(QmpWire.error(id, "GenericError", "Parameter '" + m + "' is unexpected")), true);
                return;
            }
        }
        JsonNode enable = command.arguments().get("enable");
        if (enable != null) {
            if (!enable.isArray()) {
                send(QmpWire.render(QmpWire.error(id, "GenericError",
                        "Invalid parameter type for 'enable', expected: array")), true);
                return;
            }
            for (int i = 0; i < enable.size(); i++) {
                String cap = enable.get(i).asText();
                if (!"oob".equals(cap)) {
                    send(QmpWire.render(QmpWire.error(id, "GenericError",
                            "Parameter 'enable[" + i + "]' does not accept value '" + cap + "'")), true);
                    return;
                }
                if (!server.greeting().capabilities().contains("oob")) {
                    send(QmpWire.render(QmpWire.error(id, "GenericError", "Capability 'oob' not available")), true);
                    return;
                }
                wantOob = true;
            }
        }
        oob = wantOob;
        negotiated = true;
        send(QmpWire.render(QmpWire.reply(id, MAPPER.createObjectNode())), true);
        for (QmpEvent e : server.eventsAfterNegotiation()) {
            sendEvent(e);
        }
    }

    private void deliver(JsonNode id, QmpReply reply) {
        if (!reply.delay().isZero()) {
            try {
                if (closed.await(reply.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (QmpEvent e : reply.eventsBefore()) {
            sendEvent(e);
        }
        switch (reply.kind()) {
            case RETURN -> send(QmpWire.render(QmpWire.reply(id, reply.value())), true);
            case ERROR -> send(QmpWire.render(QmpWire.error(id, reply.errorClass(), reply.description())), true);
            case GARBAGE -> send(reply.garbage(), false);
            case CLOSE -> {
                close();
                return;
            }
            case NONE -> {
                // the call stays pending
            }
        }
        for (QmpEvent e : reply.eventsAfter()) {
            sendEvent(e);
        }
        if (reply.afterSentAction() != null) {
            reply.afterSentAction().run();
        }
        if (reply.closesAfter()) {
            close();
        }
    }

    @Override
    public String toString() {
        return "connection " + number + (negotiated ? "" : " (negotiating)") + (isOpen() ? "" : " (closed)");
    }
}
