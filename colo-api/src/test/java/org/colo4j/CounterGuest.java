package org.colo4j;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.qmp.QmpClient;

/**
 * A guest for live tests that keeps writing to its disk: a 512-byte x86 real-mode boot sector that
 * SeaBIOS boots from the first IDE disk (colo4j renders the primary's quorum, and the secondary's
 * replication stack, as {@code -drive if=ide}), and that then loops forever: increment a 32-bit
 * counter, write one sector holding {@link #MAGIC} and the counter through BIOS disk services
 * (int 13h AH=43h, extended write by LBA, to the boot drive SeaBIOS passed in DL), {@code sti; hlt}
 * until the next interrupt (the 18.2 Hz timer), and again: about 18 writes a second between halts.
 *
 * <p>The counter sector is at {@link #COUNTER_OFFSET} (32 MiB), far from the low offsets live tests
 * write their own patterns to with qemu-io; a test must not write over it. It holds:
 * <pre>
 *   0..7   "COLO4JCT"                                     {@link #MAGIC}
 *   8..11  the counter, little endian, 1 after the first write
 *   12..13 how many int 13h writes failed (CF set), little endian; counted, written with the next one
 *   14..   zero
 * </pre>
 *
 * <p>Why a guest at all: on this host's KVM (a software hypervisor inside a VM) a blank-disk pair goes
 * to {@code internal-error} 20-40 s after COLO starts, in the NIC's iPXE ROM that SeaBIOS falls back to;
 * a guest that boots never reaches it. No assembler is needed to build or test: the bytes are below,
 * hand-assembled, with their listing (checked once with nasm 2.16).
 */
final class CounterGuest {

    /** One disk sector. */
    static final int SECTOR = 512;
    /** The sector the guest writes, by LBA. */
    static final long COUNTER_LBA = 65_536;
    /** The byte offset of that sector: 32 MiB. */
    static final long COUNTER_OFFSET = COUNTER_LBA * SECTOR;
    /** The smallest disk that holds the counter sector. */
    static final long MIN_DISK_SIZE = COUNTER_OFFSET + SECTOR;
    /** The first bytes of the counter sector once the guest has written it. */
    static final byte[] MAGIC = "COLO4JCT".getBytes(StandardCharsets.US_ASCII);

    /** Where the boot sector's data lies (offsets in the sector; loaded at 0x7C00). */
    static final int MAGIC_AT = 0x4B;
    static final int DRIVE_AT = 0x53;
    static final int DAP_AT = 0x54;
    /** The guest's sector buffer in guest RAM, right above the boot sector. */
    static final int BUFFER = 0x7E00;

    private static final int COUNTER_FIELD = 8;
    private static final int FAILED_FIELD = 12;
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    // @formatter:off
    private static final int[] CODE = {
        // BITS 16 / ORG 0x7C00 / BUF equ 0x7E00 / LBA equ 65536
        0xFA,                               // 00 start: cli
        0x31, 0xC0,                         // 01   xor ax, ax
        0x8E, 0xD8,                         // 03   mov ds, ax
        0x8E, 0xC0,                         // 05   mov es, ax
        0x8E, 0xD0,                         // 07   mov ss, ax
        0xBC, 0x00, 0x7C,                   // 09   mov sp, 0x7C00
        0xEA, 0x11, 0x7C, 0x00, 0x00,       // 0C   jmp 0x0000:init        (CS:IP = 0000:7C11)
        0x88, 0x16, 0x53, 0x7C,             // 11 init: mov [drive], dl    (boot drive from SeaBIOS)
        0xFC,                               // 15   cld
        0xBF, 0x00, 0x7E,                   // 16   mov di, BUF
        0xB9, 0x00, 0x01,                   // 19   mov cx, 256
        0xF3, 0xAB,                         // 1C   rep stosw              (zero the 512-byte buffer)
        0xBE, 0x4B, 0x7C,                   // 1E   mov si, magic
        0xBF, 0x00, 0x7E,                   // 21   mov di, BUF
        0xB9, 0x04, 0x00,                   // 24   mov cx, 4
        0xF3, 0xA5,                         // 27   rep movsw              (magic to BUF+0..7)
        0xFB,                               // 29   sti
        0x66, 0xFF, 0x06, 0x08, 0x7E,       // 2A next: inc dword [BUF+8]  (the counter)
        0xC7, 0x06, 0x56, 0x7C, 0x01, 0x00, // 2F   mov word [dap+2], 1    (BIOS may have changed it)
        0xBE, 0x54, 0x7C,                   // 35   mov si, dap            (DS:SI = disk address packet)
        0x8A, 0x16, 0x53, 0x7C,             // 38   mov dl, [drive]
        0xB8, 0x00, 0x43,                   // 3C   mov ax, 0x4300         (AH=43h extended write, AL=0 no verify)
        0xCD, 0x13,                         // 3F   int 0x13
        0x73, 0x04,                         // 41   jnc idle
        0xFF, 0x06, 0x0C, 0x7E,             // 43   inc word [BUF+12]      (failed writes)
        0xFB,                               // 47 idle: sti
        0xF4,                               // 48   hlt                    (until the next timer tick)
        0xEB, 0xDF,                         // 49   jmp next
        'C', 'O', 'L', 'O', '4', 'J', 'C', 'T', // 4B magic: db 'COLO4JCT'
        0x00,                               // 53 drive: db 0
        0x10, 0x00,                         // 54 dap: db 0x10, 0          (packet size, reserved)
        0x01, 0x00,                         // 56   dw 1                   (sectors)
        0x00, 0x7E, 0x00, 0x00,             // 58   dw BUF, 0              (buffer offset, segment)
        0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, // 5C dq LBA   (65536 = 32 MiB)
        // 64 times 510-($-$$) db 0
        // 1FE dw 0xAA55
    };
    // @formatter:on

    private CounterGuest() {}

    /** The boot sector: the code above, zeros, {@code 55 AA} at 510. A fresh copy. */
    static byte[] bootSector() {
        byte[] sector = new byte[SECTOR];
        for (int i = 0; i < CODE.length; i++) {
            sector[i] = (byte) CODE[i];
        }
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        return sector;
    }

    /**
     * Writes a disk image of {@code size} bytes whose first sector is {@link #bootSector()} and whose
     * other sectors read as zeros: a sparse raw file, converted with {@code qemu-img convert} when
     * {@code format} is qcow2. An existing file is replaced.
     *
     * @throws IllegalArgumentException if {@code size} is not a multiple of 512 or below {@link #MIN_DISK_SIZE}
     */
    static void writeBootImage(Path image, ImageFormat format, long size, QemuImg qemuImg) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        if (size % SECTOR != 0 || size < MIN_DISK_SIZE) {
            throw new IllegalArgumentException("size " + size + " must be a multiple of " + SECTOR
                    + " and at least " + MIN_DISK_SIZE + " (the counter sector is at " + COUNTER_OFFSET + ")");
        }
        try {
            if (format == ImageFormat.RAW) {
                writeRaw(image, size);
                return;
            }
            Path raw = image.resolveSibling(image.getFileName() + ".boot.raw");
            try {
                writeRaw(raw, size);
                Files.deleteIfExists(image);
                run(List.of(qemuImg.executable().toString(), "convert", "-q", "-f", "raw", "-O", format.qemuName(),
                        raw.toString(), image.toString()));
            } finally {
                Files.deleteIfExists(raw);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the counter guest's image " + image, e);
        }
    }

    /**
     * Reads the counter from a running QEMU: HMP {@code qemu-io <device> "read -v ..."} of the counter
     * sector's first 16 bytes, whose hex dump QEMU prints on its standard output ({@code log}).
     *
     * @param device the drive's id, e.g. {@code colo-disk0}
     * @return the reading, or empty while the sector is still all zeros (the guest has not written yet)
     * @throws IllegalStateException if the sector holds something else, or qemu-io printed no result
     */
    static Optional<Reading> read(QmpClient qmp, Path log, String device) {
        String command = "read -v " + COUNTER_OFFSET + " 16";
        String done = "read 16/16 bytes at offset " + COUNTER_OFFSET;
        long start = log.toFile().length();
        String reply = qmp.hmp("qemu-io " + device + " \"" + command + "\"");
        if (!reply.isBlank()) {
            throw new IllegalStateException("qemu-io " + device + " \"" + command + "\": " + reply.strip());
        }
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        String out = "";
        while (!out.contains(done)) {
            // qemu-io reports a failed read as "read failed: <reason>"; other lines may be COLO's own.
            if (out.contains("read failed") || System.nanoTime() > deadline) {
                throw new IllegalStateException("qemu-io " + device + " \"" + command + "\" did not report a complete read in "
                        + log + " within " + READ_TIMEOUT + "; got: " + out.strip());
            }
            LivePair.sleep(10);
            out = tail(log, start);
        }
        return parse(dumpLine(out, COUNTER_OFFSET));
    }

    /**
     * Reads the counter from a stopped image (or one a QEMU holds open: {@code -U}) with the
     * {@code qemu-io} next to {@code qemu-img} (both in Debian's qemu-utils); a backing chain is followed.
     * ({@code qemu-img dd} 7.2 cannot: given {@code skip=65536 count=1} it creates an empty output and
     * fails with "cannot skip to specified offset".)
     *
     * @return the reading, or empty while the sector is all zeros
     */
    static Optional<Reading> read(Path image, QemuImg qemuImg) {
        String command = "read -v " + COUNTER_OFFSET + " 16";
        String out = run(List.of(qemuImg.executable().resolveSibling("qemu-io").toString(), "-r", "-U",
                "-f", qemuImg.info(image).format(), "-c", command, image.toString()));
        if (!out.contains("read 16/16 bytes at offset " + COUNTER_OFFSET)) {
            throw new IllegalStateException("qemu-io \"" + command + "\" " + image + " printed no result: " + out.strip());
        }
        return parse(dumpLine(out, COUNTER_OFFSET));
    }

    /**
     * The reading in the first 16 bytes of the counter sector.
     *
     * @return empty when all 16 are zero
     * @throws IllegalStateException if they are neither zero nor start with {@link #MAGIC}
     */
    static Optional<Reading> parse(byte[] head) {
        if (head.length < 16) {
            throw new IllegalArgumentException("need the sector's first 16 bytes, got " + head.length);
        }
        boolean zero = true;
        for (int i = 0; i < 16; i++) {
            zero &= head[i] == 0;
        }
        if (zero) {
            return Optional.empty();
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                throw new IllegalStateException("the counter sector at " + COUNTER_OFFSET
                        + " does not start with COLO4JCT (was it overwritten?): " + HexFormat.ofDelimiter(" ").formatHex(head, 0, 16));
            }
        }
        return Optional.of(new Reading(le(head, COUNTER_FIELD, 4), (int) le(head, FAILED_FIELD, 2)));
    }

    /**
     * What the guest last wrote.
     *
     * @param counter the number of writes it has issued, 1 after the first
     * @param failedWrites how many of them BIOS reported as failed
     */
    record Reading(long counter, int failedWrites) {}

    // ------------------------------------------------------------------ helpers

    private static void writeRaw(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.setLength(size);
            f.write(bootSector());
        }
    }

    /** The 16 bytes of qemu-io's hex dump line for {@code offset} ("02000000:  43 4f ...  COLO4JCT...."). */
    private static byte[] dumpLine(String out, long offset) {
        String prefix = String.format("%08x:", offset);
        for (String line : out.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] words = line.substring(prefix.length()).trim().split("\\s+");
                byte[] bytes = new byte[16];
                for (int i = 0; i < 16; i++) {
                    bytes[i] = (byte) Integer.parseInt(words[i], 16);
                }
                return bytes;
            }
        }
        throw new IllegalStateException("no hex dump line " + prefix + " in qemu-io's output: " + out.strip());
    }

    private static long le(byte[] b, int at, int length) {
        long v = 0;
        for (int i = length - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
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

    /**
     * Runs a qemu-img or qemu-io command to completion within {@link #TOOL_TIMEOUT} and returns its
     * output, which goes to a file meanwhile, so nothing blocks.
     */
    private static String run(List<String> command) {
        List<String> cmd = new ArrayList<>(command);
        Path output = null;
        try {
            output = Files.createTempFile("colo4j-counter-guest", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + TOOL_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(output).strip());
            }
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
