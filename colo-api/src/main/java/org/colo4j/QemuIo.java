package org.colo4j;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.colo4j.qmp.QmpClient;

/**
 * Guest-free data checks: writes a byte pattern to a drive and verifies it later through HMP
 * {@code qemu-io}, e.g. on the primary's quorum before a failover and on the survivor after it.
 *
 * <p>QEMU prints qemu-io's results on its standard output, not in the QMP reply, so this reads them
 * from the log a {@link QemuLauncher} keeps (QEMU flushes each result at once).
 *
 * <pre>{@code
 * QemuIo primaryIo = QemuIo.of(pair.qmp(Role.PRIMARY), primaryLauncher.log());
 * primaryIo.write("colo-disk0", 0xab, 0, 1 << 20);
 * ... failover ...
 * boolean intact = QemuIo.of(pair.qmp(Role.SECONDARY), secondaryLauncher.log()).verify("colo-disk0", 0xab, 0, 1 << 20);
 * }</pre>
 */
public final class QemuIo {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(10);

    private final QmpClient qmp;
    private final Path log;

    private QemuIo(QmpClient qmp, Path log) {
        this.qmp = Objects.requireNonNull(qmp, "qmp");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** qemu-io on the QEMU behind {@code qmp}, whose standard output goes to {@code log}. */
    public static QemuIo of(QmpClient qmp, Path log) {
        return new QemuIo(qmp, log);
    }

    /**
     * Writes {@code length} bytes of {@code pattern} at {@code offset} of {@code device}.
     *
     * @throws ColoException if qemu-io reports anything but a complete write (its words are quoted)
     */
    public void write(String device, int pattern, long offset, long length) {
        String out = run(device, "write -P 0x" + Integer.toHexString(pattern & 0xff) + " " + offset + " " + length,
                "wrote " + length + "/" + length + " bytes at offset " + offset);
        if (!out.contains("wrote " + length + "/" + length)) {
            throw new ColoException("qemu-io write on " + device + " failed: " + out.strip());
        }
    }

    /**
     * Reads {@code length} bytes at {@code offset} of {@code device} and compares them with
     * {@code pattern}.
     *
     * @return true when every byte matched; false when qemu-io reported a pattern mismatch
     * @throws ColoException if the read itself failed
     */
    public boolean verify(String device, int pattern, long offset, long length) {
        String out = run(device, "read -P 0x" + Integer.toHexString(pattern & 0xff) + " " + offset + " " + length,
                "read " + length + "/" + length + " bytes at offset " + offset);
        if (!out.contains("read " + length + "/" + length)) {
            throw new ColoException("qemu-io read on " + device + " failed: " + out.strip());
        }
        return !out.contains("Pattern verification failed");
    }

    private String run(String device, String command, String doneMarker) {
        long start = size();
        String reply = qmp.hmp("qemu-io " + device + " \"" + command + "\"");
        if (!reply.isBlank()) {
            throw new ColoException("qemu-io " + device + " \"" + command + "\": " + reply.strip());
        }
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (true) {
            String out = readFrom(start);
            if (out.contains(doneMarker) || out.contains("error") || out.contains("failed:")) {
                return out;
            }
            if (System.nanoTime() > deadline) {
                throw new ColoException("qemu-io " + device + " \"" + command + "\" printed no result in " + log
                        + " within " + RESULT_TIMEOUT + " (is QEMU's standard output redirected there?); got: " + out.strip());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ColoException("interrupted while waiting for qemu-io", e);
            }
        }
    }

    private long size() {
        return log.toFile().length();
    }

    private String readFrom(long position) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length() - position;
            if (length <= 0) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length, 1 << 20)];
            f.seek(position);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ColoException("cannot read QEMU's log " + log + ": " + e.getMessage(), e);
        }
    }
}
