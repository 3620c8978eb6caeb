package org.colo4j.qmp;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One open QMP socket: a non-blocking JDK {@link SocketChannel}, TCP or unix-domain (JDK 16+), so
 * that opening a connection loads no native library. Whoever reads ({@link ReadBaton}'s holder)
 * waits for input with {@link #awaitReadable}, which has a deadline; whoever writes (the
 * {@link Outbox}, one write at a time) waits for room with a second selector. File descriptors
 * (SCM_RIGHTS), which the JDK cannot send, go through {@link FdPassing}, loaded on first use only.
 */
final class Transport implements Closeable {

    /** What {@link #sendBufferSize()} assumes when the socket will not say: Linux's smallest TCP default. */
    private static final int FALLBACK_SEND_BUFFER = 16 * 1024;

    private final SocketChannel channel;
    private final boolean unix;
    private final Selector readSelector;
    private final Selector writeSelector;
    private FdPassing fdPassing;

    private Transport(SocketChannel channel, boolean unix) throws IOException {
        this.channel = channel;
        this.unix = unix;
        this.readSelector = Selector.open();
        this.writeSelector = Selector.open();
        channel.register(readSelector, SelectionKey.OP_READ);
        channel.register(writeSelector, SelectionKey.OP_WRITE);
    }

    /**
     * Reads what is there without waiting.
     *
     * @return the bytes read; 0 when nothing is there now; -1 at end of stream
     */
    int read(ByteBuffer into) throws IOException {
        return channel.read(into);
    }

    /**
     * Waits at most {@code nanos} for input (or end of stream) to read; returns early, possibly with
     * nothing to read, when {@link #close()} runs. Only one thread waits at a time (the read baton's holder).
     */
    void awaitReadable(long nanos) throws IOException {
        long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
        try {
            readSelector.select(millis);
            readSelector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new IOException("the QMP socket is closed", e);
        }
    }

    /** The socket's send buffer ({@code SO_SNDBUF}) as the kernel reports it now. */
    int sendBufferSize() {
        try {
            int size = channel.getOption(StandardSocketOptions.SO_SNDBUF);
            return size > 0 ? size : FALLBACK_SEND_BUFFER;
        } catch (IOException | RuntimeException e) {
            return FALLBACK_SEND_BUFFER;
        }
    }

    /**
     * Writes all of {@code line}, with {@code fds} (SCM_RIGHTS) attached when not null, waiting for
     * room in the socket's buffer when QEMU does not read. One writer at a time (the {@link Outbox}).
     */
    void write(byte[] line, FileDescriptor[] fds) throws IOException {
        if (fds != null) {
            if (!unix) {
                throw new UnsupportedOperationException("file descriptors can only be passed over a unix socket");
            }
            if (fdPassing == null) {
                fdPassing = FdPassing.over(channel);
            }
            fdPassing.write(line, fds);
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (true) {
            channel.write(buf);
            if (!buf.hasRemaining()) {
                return;
            }
            try {
                writeSelector.select(1000);
                writeSelector.selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                throw new IOException("the QMP socket is closed", e);
            }
            if (!channel.isOpen()) {
                throw new IOException("the QMP socket is closed");
            }
        }
    }

    /**
     * Closes the socket; a thread waiting to read or write returns at once. The selectors are closed
     * too: a channel registered with a selector keeps its descriptor until the selector lets go of it.
     */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            readSelector.close();
            writeSelector.close();
            FdPassing fds = fdPassing;
            if (fds != null) {
                fds.close();
            }
        }
    }

    static Transport open(QmpEndpoint endpoint, Duration connectTimeout) {
        SocketChannel channel = null;
        try {
            SocketAddress address;
            if (endpoint instanceof QmpEndpoint.Unix unix) {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                address = UnixDomainSocketAddress.of(unix.path());
            } else {
                QmpEndpoint.Tcp tcp = (QmpEndpoint.Tcp) endpoint;
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                address = new InetSocketAddress(tcp.host(), tcp.port());
            }
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                awaitConnect(channel, endpoint, connectTimeout);
            }
            return new Transport(channel, endpoint instanceof QmpEndpoint.Unix);
        } catch (QmpException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            String hint = endpoint instanceof QmpEndpoint.Unix
                    ? "is QEMU running with -qmp " + endpoint + ",server=on,wait=off, and may this process open the socket?"
                    : "is QEMU running with -qmp " + endpoint + ",server=on,wait=off?";
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new QmpConnectException("cannot connect to QMP at " + endpoint + ": " + why + " (" + hint + ")", e);
        }
    }

    private static void awaitConnect(SocketChannel channel, QmpEndpoint endpoint, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_CONNECT);
            while (!channel.finishConnect()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new QmpTimeoutException("connecting to QMP at " + endpoint + " took longer than " + timeout,
                            timeout);
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }
}
