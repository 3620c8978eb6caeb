package org.colo4j.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.colo4j.qmp.QmpEndpoint;

/** A bare TCP client that sends raw lines and reads raw lines with a 5 s deadline each, for wire-level tests. */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    RawClient(QmpEndpoint endpoint) throws IOException {
        QmpEndpoint.Tcp tcp = (QmpEndpoint.Tcp) endpoint;
        socket = new Socket();
        socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), 5000);
        socket.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** The next line with its line end kept as "\r" at the end if QEMU-style. */
    String readRaw() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (c == '\n') {
                return sb.toString();
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** The next line without its line end; null at EOF. */
    String read() throws IOException {
        String line = readRaw();
        return line == null ? null : line.stripTrailing();
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
