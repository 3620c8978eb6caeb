package org.colo4j.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Reads and parses QEMU's greeting, the first thing on a new connection, within its deadline. */
final class GreetingReader {

    private GreetingReader() {}

    /**
     * Reads the greeting. QEMU 7.2 may emit an event (e.g. RESUME as the VM starts) on a just-accepted
     * socket before the greeting; such events precede any subscription and are skipped.
     *
     * @throws QmpTimeoutException if no greeting came within {@code timeout}
     * @throws QmpConnectionClosedException if the peer closed the connection first
     * @throws QmpProtocolException if what came is not a QMP greeting
     */
    static QmpGreeting read(LineReader lines, Transport transport, QmpEndpoint endpoint, Duration timeout, Logger log)
            throws IOException {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        for (int skipped = 0; ; skipped++) {
            JsonNode node = readLine(lines, transport, endpoint, timeout, deadline);
            if (node.has("QMP") || !node.has("event") || skipped >= 100) {
                return parse(node, lines, endpoint);
            }
            log.debug("skipping event before the greeting from {}: {}", endpoint, node);
        }
    }

    private static JsonNode readLine(LineReader lines, Transport transport, QmpEndpoint endpoint, Duration timeout,
                                     long deadline) throws IOException {
        try {
            int r;
            while ((r = lines.next()) == LineReader.NONE) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new QmpTimeoutException("no QMP greeting from " + endpoint + " within " + timeout
                            + " (is it a QMP socket and not an HMP -monitor? is QEMU stuck?)", timeout);
                }
                transport.awaitReadable(left);
            }
            if (r == LineReader.EOF) {
                throw new QmpConnectionClosedException("QMP peer at " + endpoint + " closed the connection before greeting"
                        + " (another client may hold the monitor: QEMU serves one QMP client per socket)");
            }
        } catch (LineReader.LineTooLongException e) {
            throw new QmpProtocolException(e.getMessage() + " as its greeting; is " + endpoint + " a QMP socket?", e);
        }
        try {
            return QmpJson.readTreeLight(lines.array(), lines.offset(), lines.length());
        } catch (IOException e) {
            throw new QmpProtocolException("the greeting from " + endpoint + " is not JSON: " + lines.snippet()
                    + " (is it a QMP socket?)");
        }
    }

    private static QmpGreeting parse(JsonNode node, LineReader lines, QmpEndpoint endpoint) {
        JsonNode qmp = node.path("QMP");
        JsonNode qemu = qmp.path("version").path("qemu");
        if (!qmp.isObject() || !qemu.isObject()) {
            throw new QmpProtocolException("the greeting from " + endpoint + " is not a QMP greeting: " + lines.snippet());
        }
        QemuVersion version = new QemuVersion(qemu.path("major").asInt(), qemu.path("minor").asInt(),
                qemu.path("micro").asInt());
        List<String> capabilities = new ArrayList<>();
        qmp.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        return new QmpGreeting(version, qmp.path("version").path("package").asText(""), capabilities);
    }
}
