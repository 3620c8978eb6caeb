package org.colo4j.qmp;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The reader's side of a non-blocking socket: a blocking {@link InputStream} for {@link LineReader}
 * that waits in a selector instead of in {@code read}, and while it waits also drains the
 * {@link Outbox} whenever the socket can take more bytes. So one thread (the connection's reader)
 * does all waiting on the socket, and no caller ever waits for QEMU to read its input.
 *
 * <p>Only the thread that owns the connection's input (first the connecting thread, for the greeting;
 * then the reader) calls {@link #read}. {@link #wakeup()} and {@link #close()} may be called from any
 * thread; closing makes a waiting {@code read} fail at once.
 */
final class SelectingInput extends InputStream {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Outbox outbox;
    /** Whether {@link #key} currently asks for writability; owned by the reading thread. */
    private boolean writeInterest;
    /** How long a read may wait for data; null for no limit (used for the greeting only). */
    private Duration timeout;
    private byte[] wrapped;
    private ByteBuffer wrapper;
    /**
     * Whether the last read drained the socket (it returned less than asked): then the next read
     * waits for readiness first instead of trying a read that would most likely find nothing, which
     * saves a system call per reply when calls go one at a time.
     */
    private boolean drained;

    SelectingInput(SocketChannel channel, Outbox outbox) throws IOException {
        this.channel = channel;
        this.outbox = outbox;
        this.selector = channel.provider().openSelector();
        try {
            this.key = channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /** Limits how long each {@link #read} waits for data ({@link SocketTimeoutException}); null: no limit. */
    void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** Any thread: makes the reading thread look at the outbox again (it now holds bytes to send). */
    void wakeup() {
        selector.wakeup();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = wrap(b, off, len);
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        while (true) {
            if (drained) {
                await(deadline);
            }
            int n = channel.read(buf);
            drained = n < len;
            if (n != 0) {
                return n;
            }
            if (!key.isValid()) {
                throw new ClosedChannelException();
            }
        }
    }

    /** Waits until the socket is readable, sending queued output whenever it becomes writable meanwhile. */
    private void await(long deadline) throws IOException {
        if (!key.isValid()) {
            // Some selector providers cancel the key when the peer hangs up: read what it sent before that.
            return;
        }
        try {
            boolean wantWrite = outbox.hasQueued();
            if (wantWrite != writeInterest) {
                key.interestOps(wantWrite ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                writeInterest = wantWrite;
            }
            if (timeout == null) {
                selector.select();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("no data within " + timeout);
                }
                selector.select(Math.max(1, left / 1_000_000));
            }
            selector.selectedKeys().clear();
            if (!key.isValid()) {
                return;
            }
            if (writeInterest && key.isWritable()) {
                outbox.flush();
            }
        } catch (ClosedSelectorException e) {
            throw new ClosedChannelException();
        }
    }

    private ByteBuffer wrap(byte[] b, int off, int len) {
        if (b != wrapped) {
            wrapped = b;
            wrapper = ByteBuffer.wrap(b);
        }
        wrapper.limit(off + len).position(off);
        return wrapper;
    }

    /** Closes the selector (the socket is the transport's), waking a waiting read, which then fails. */
    @Override
    public void close() throws IOException {
        selector.close();
    }
}
