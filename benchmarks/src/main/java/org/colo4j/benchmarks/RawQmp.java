package org.colo4j.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The floor for any QMP client: plain JDK unix socket ({@link SocketChannel}), write a line, read a
 * line, no JSON mapping, no ids, no threads. Lines that start with {@code {"timestamp"} are QEMU
 * events (QEMU writes the timestamp first) and are skipped when a reply is awaited.
 *
 * <p>Blocking reads have no timeout of their own, so every operation runs under a deadline: a
 * watchdog closes the channel when it passes, and the blocked read fails.
 */
final class RawQmp implements AutoCloseable {

    private static final ScheduledExecutorService WATCHDOG = watchdog();
    private static final byte[] EVENT_PREFIX = "{\"timestamp\"".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final SocketChannel channel;
    private final byte[] buf = new byte[64 * 1024];
    private final ByteBuffer readBuffer = ByteBuffer.wrap(buf);
    private int pos;
    private int limit;
    private int lineStart;
    private int lineEnd;

    private RawQmp(Path path, SocketChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Connects, reads the greeting and sends {@code qmp_capabilities} (enabling {@code oob} when offered,
     * as colo4j does by default), all within {@code timeout}.
     */
    static RawQmp connect(Path socket, Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ScheduledFuture<?> guard = WATCHDOG.schedule(() -> closeQuietly(ch), timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            RawQmp raw = new RawQmp(socket, ch);
            String greeting = raw.readLine();
            if (!greeting.contains("\"QMP\"")) {
                throw new IOException("not a QMP greeting from " + socket + ": " + greeting);
            }
            // The same session colo4j negotiates by default: OOB when QEMU offers it. It matters for
            // pipelining: without OOB, QEMU queues at most one command and stops reading until it is done.
            String reply = raw.call(greeting.contains("\"oob\"")
                    ? "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]}}"
                    : "{\"execute\":\"qmp_capabilities\"}");
            if (!reply.startsWith("{\"return\"")) {
                throw new IOException("qmp_capabilities failed on " + socket + ": " + reply);
            }
            return raw;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        } finally {
            guard.cancel(false);
        }
    }

    /** Runs {@code body} with a watchdog that closes this connection if it takes longer than {@code timeout}. */
    <T> T within(Duration timeout, IoSupplier<T> body) throws IOException {
        ScheduledFuture<?> guard = WATCHDOG.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return body.get();
        } finally {
            guard.cancel(false);
        }
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** Writes {@code bytes} as they are (one or many lines, each ending with a newline). */
    void write(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Reads lines until one that is not an event: the reply. Nothing is decoded. */
    void skipReply() throws IOException {
        do {
            nextLine();
        } while (isEvent());
    }

    /** Sends one command line and returns the reply line (events skipped), as text. */
    String call(String json) throws IOException {
        write((json + "\n").getBytes(StandardCharsets.UTF_8));
        do {
            nextLine();
        } while (isEvent());
        return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    /** The next line as text, events included. */
    String readLine() throws IOException {
        nextLine();
        return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    private boolean isEvent() {
        if (lineEnd - lineStart < EVENT_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < EVENT_PREFIX.length; i++) {
            if (buf[lineStart + i] != EVENT_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private void nextLine() throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    lineStart = pos;
                    lineEnd = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    pos = i + 1;
                    return;
                }
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                throw new IOException("line longer than " + buf.length + " bytes from " + path);
            }
            readBuffer.limit(buf.length).position(limit);
            int n = channel.read(readBuffer);
            if (n < 0) {
                throw new IOException("EOF from " + path);
            }
            limit += n;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "raw-qmp-watchdog");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
