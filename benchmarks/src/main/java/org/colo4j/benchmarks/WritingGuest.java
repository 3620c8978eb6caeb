package org.colo4j.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.colo4j.qmp.QmpClient;

/**
 * A guest that writes to its disk, for the resync benchmark: the 512-byte boot sector of colo-api's
 * live-test {@code CounterGuest} (the same hand-assembled bytes; see that class for the listing),
 * which SeaBIOS boots from the first IDE disk and which then increments a 32-bit counter and writes
 * one sector holding {@code COLO4JCT} and the counter at 32 MiB through BIOS int 13h AH=43h, again
 * and again. {@link #bootSector(boolean) bootSector(true)} waits for the next timer tick between
 * writes ({@code hlt}: about 18 writes a second); {@code bootSector(false)} replaces the {@code hlt}
 * with a {@code nop} and writes back to back, as fast as the emulated IDE disk takes them.
 */
final class WritingGuest {

    static final int SECTOR = 512;
    static final long COUNTER_OFFSET = 65_536L * SECTOR;
    private static final int HLT_AT = 0x48;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    // @formatter:off
    private static final int[] CODE = {
        0xFA, 0x31, 0xC0, 0x8E, 0xD8, 0x8E, 0xC0, 0x8E, 0xD0, 0xBC, 0x00, 0x7C, 0xEA, 0x11, 0x7C, 0x00, 0x00,
        0x88, 0x16, 0x53, 0x7C, 0xFC, 0xBF, 0x00, 0x7E, 0xB9, 0x00, 0x01, 0xF3, 0xAB, 0xBE, 0x4B, 0x7C,
        0xBF, 0x00, 0x7E, 0xB9, 0x04, 0x00, 0xF3, 0xA5, 0xFB, 0x66, 0xFF, 0x06, 0x08, 0x7E,
        0xC7, 0x06, 0x56, 0x7C, 0x01, 0x00, 0xBE, 0x54, 0x7C, 0x8A, 0x16, 0x53, 0x7C, 0xB8, 0x00, 0x43,
        0xCD, 0x13, 0x73, 0x04, 0xFF, 0x06, 0x0C, 0x7E, 0xFB, 0xF4, 0xEB, 0xDF,
        'C', 'O', 'L', 'O', '4', 'J', 'C', 'T', 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x7E, 0x00, 0x00,
        0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    // @formatter:on

    private WritingGuest() {}

    /** The boot sector; {@code idle} keeps the {@code hlt} between writes, otherwise it writes flat out. */
    static byte[] bootSector(boolean idle) {
        byte[] sector = new byte[SECTOR];
        for (int i = 0; i < CODE.length; i++) {
            sector[i] = (byte) CODE[i];
        }
        if (sector[HLT_AT] != (byte) 0xF4) {
            throw new IllegalStateException("the boot sector's hlt is not at " + HLT_AT);
        }
        if (!idle) {
            sector[HLT_AT] = (byte) 0x90;
        }
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        return sector;
    }

    /**
     * The counter the guest last wrote, read through the running QEMU's HMP {@code qemu-io}
     * (whose output goes to QEMU's standard output, {@code log}); empty while the sector is zero.
     */
    static OptionalLong counter(QmpClient qmp, Path log, String device) {
        String command = "read -v " + COUNTER_OFFSET + " 16";
        String done = "read 16/16 bytes at offset " + COUNTER_OFFSET;
        long start = log.toFile().length();
        String reply = qmp.hmp("qemu-io " + device + " \"" + command + "\"");
        if (!reply.isBlank()) {
            throw new IllegalStateException("qemu-io " + device + ": " + reply.strip());
        }
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        String out = "";
        while (!out.contains(done)) {
            if (out.contains("read failed") || System.nanoTime() > deadline) {
                throw new IllegalStateException("qemu-io " + device + " \"" + command + "\" printed no result: " + out.strip());
            }
            sleep(5);
            out = tail(log, start);
        }
        String prefix = String.format("%08x:", COUNTER_OFFSET);
        for (String line : out.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] w = line.substring(prefix.length()).trim().split("\\s+");
                byte[] b = new byte[16];
                for (int i = 0; i < 16; i++) {
                    b[i] = (byte) Integer.parseInt(w[i], 16);
                }
                if (b[0] == 0) {
                    return OptionalLong.empty();
                }
                if (!new String(b, 0, 8, StandardCharsets.US_ASCII).equals("COLO4JCT")) {
                    throw new IllegalStateException("the counter sector was overwritten: " + line);
                }
                return OptionalLong.of((b[8] & 0xffL) | (b[9] & 0xffL) << 8 | (b[10] & 0xffL) << 16 | (b[11] & 0xffL) << 24);
            }
        }
        throw new IllegalStateException("no hex dump line " + prefix + " in " + out.strip());
    }

    private static String tail(Path log, long from) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length() - from;
            if (length <= 0) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length, 1 << 20)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read QEMU's log " + log, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
