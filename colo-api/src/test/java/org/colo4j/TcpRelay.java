package org.colo4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback that records every byte it forwards, both ways: put between the nodes it
 * shows what a channel carries on the wire. Records at most {@link #LIMIT} bytes; forwards all.
 */
final class TcpRelay implements AutoCloseable {

    static final int LIMIT = 64 << 20;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long forwarded;

    private TcpRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        Thread accept = new Thread(this::acceptLoop, "relay-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** Listens on {@code host:port} and forwards each connection to {@code targetHost:port}. */
    static TcpRelay start(String host, int port, String targetHost) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(host, port));
        return new TcpRelay(s, new InetSocketAddress(targetHost, port));
    }

    /** Every byte forwarded so far (up to {@link #LIMIT}), both directions interleaved in chunks. */
    byte[] bytes() {
        synchronized (seen) {
            return seen.toByteArray();
        }
    }

    /** How many bytes were forwarded, recorded or not. */
    long forwarded() {
        return forwarded;
    }

    /** The longest run of {@code value} in what was recorded. */
    long longestRun(int value) {
        long best = 0;
        long run = 0;
        for (byte b : bytes()) {
            run = (b & 0xff) == value ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    /** Whether {@code text} (ASCII) occurs in what was recorded. */
    boolean contains(String text) {
        return new String(bytes(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                out.connect(target, 5000);
                sockets.add(in);
                sockets.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection close
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    record(buf, n);
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void record(byte[] buf, int n) {
        synchronized (seen) {
            forwarded += n;
            if (seen.size() < LIMIT) {
                seen.write(buf, 0, Math.min(n, LIMIT - seen.size()));
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(TcpRelay::closeQuietly);
    }
}
