package org.colo4j.qmp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits QEMU's output into lines without copying when a line sits inside the read buffer, and
 * refuses lines longer than the configured limit. Reads without waiting: {@link #next()} says when
 * no whole line is there yet. Not thread-safe: used by one thread at a time, the read baton's holder
 * ({@link ReadBaton}), whose hand-over publishes its state to the next.
 */
final class LineReader {

    /** Thrown when a line exceeds the limit; the stream is then unusable. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int limit) {
            super("QEMU sent a line longer than " + limit + " bytes (QmpOptions.maxLineLength)");
        }
    }

    /** {@link #next()}: a line is ready. */
    static final int LINE = 1;
    /** {@link #next()}: no whole line yet, and nothing more to read now. */
    static final int NONE = 0;
    /** {@link #next()}: end of stream (a trailing partial line is discarded). */
    static final int EOF = -1;

    private final Transport in;
    private final int maxLength;
    private final byte[] buf = new byte[64 * 1024];
    private final ByteBuffer view = ByteBuffer.wrap(buf);
    private int pos;
    private int limit;
    private byte[] spill = new byte[8 * 1024];
    private int spillLength;
    /** Whether the last {@link #next()} returned a line (the spill then belongs to it and is reset). */
    private boolean lineDelivered;

    private byte[] lineArray;
    private int lineOffset;
    private int lineLength;

    LineReader(Transport in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /**
     * Takes the next line, without its {@code \r\n}, reading what the socket has if no whole line is
     * buffered, never waiting for more; on {@link #LINE}, {@link #array()}, {@link #offset()} and
     * {@link #length()} describe it until the next call. A partial line stays buffered for the next call.
     *
     * @return {@link #LINE}, {@link #NONE} or {@link #EOF}
     */
    int next() throws IOException {
        return next(true);
    }

    /**
     * {@link #next()}, reading from the socket only if {@code mayRead}; otherwise {@link #NONE} once
     * the buffer holds no whole line (what the socket has stays there for the next call).
     */
    int next(boolean mayRead) throws IOException {
        if (lineDelivered) {
            spillLength = 0;
            lineDelivered = false;
        }
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    if (spillLength == 0) {
                        setLine(buf, pos, i - pos);
                    } else {
                        append(buf, pos, i - pos);
                        setLine(spill, 0, spillLength);
                    }
                    pos = i + 1;
                    lineDelivered = true;
                    return LINE;
                }
            }
            append(buf, pos, limit - pos);
            pos = 0;
            limit = 0;
            if (!mayRead) {
                return NONE;
            }
            view.clear();
            int n = in.read(view);
            if (n < 0) {
                return EOF;
            }
            if (n == 0) {
                return NONE;
            }
            limit = n;
        }
    }

    /** Whether bytes are buffered that no line delivered yet (a whole line, or the start of one). */
    boolean hasBuffered() {
        return pos < limit;
    }

    byte[] array() {
        return lineArray;
    }

    int offset() {
        return lineOffset;
    }

    int length() {
        return lineLength;
    }

    /** The current line for an error message: quoted, cut after 200 bytes (the length then given). */
    String snippet() {
        int n = Math.min(lineLength, 200);
        String s = new String(lineArray, lineOffset, n, java.nio.charset.StandardCharsets.UTF_8);
        return "'" + s + (lineLength > n ? "...' (" + lineLength + " bytes)" : "'");
    }

    private void setLine(byte[] array, int offset, int length) throws LineTooLongException {
        if (length > 0 && array[offset + length - 1] == '\r') {
            length--;
        }
        if (length > maxLength) {
            throw new LineTooLongException(maxLength);
        }
        lineArray = array;
        lineOffset = offset;
        lineLength = length;
    }

    private void append(byte[] src, int offset, int length) throws LineTooLongException {
        if (length == 0) {
            return;
        }
        if (spillLength + length > maxLength + 1) {
            throw new LineTooLongException(maxLength);
        }
        if (spillLength + length > spill.length) {
            spill = Arrays.copyOf(spill, Math.max(spill.length * 2, spillLength + length));
        }
        System.arraycopy(src, offset, spill, spillLength, length);
        spillLength += length;
    }
}
