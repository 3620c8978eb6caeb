package org.colo4j.qmp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits QEMU's output into lines without copying when a line sits inside the read buffer, and
 * refuses lines longer than the configured limit. Not thread-safe: owned by one reader.
 */
final class LineReader {

    /** Thrown when a line exceeds the limit; the stream is then unusable. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int limit) {
            super("QEMU sent a line longer than " + limit + " bytes (QmpOptions.maxLineLength)");
        }
    }

    private final InputStream in;
    private final int maxLength;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] spill = new byte[8 * 1024];
    private int spillLength;

    private byte[] lineArray;
    private int lineOffset;
    private int lineLength;

    LineReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /**
     * Reads the next line, without its {@code \r\n}; then {@link #array()}, {@link #offset()} and
     * {@link #length()} describe it until the next call.
     *
     * @return false at end of stream (a trailing partial line is discarded)
     */
    boolean next() throws IOException {
        spillLength = 0;
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
                    return true;
                }
            }
            append(buf, pos, limit - pos);
            pos = 0;
            limit = in.read(buf, 0, buf.length);
            if (limit < 0) {
                limit = 0;
                return false;
            }
        }
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
