package org.colo4j;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEventWaiter;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.QmpTimeoutException;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.QueryColoStatus;

/**
 * Guest-free data checks: writes a byte pattern to a drive and verifies it later through HMP
 * {@code qemu-io}, e.g. on the primary's quorum before a failover and on the survivor after it.
 *
 * <p>QEMU prints qemu-io's results on its standard output, not in the QMP reply, so this reads them
 * from the log a {@link QemuLauncher} keeps (QEMU flushes each result at once).
 *
 * <pre>{@code
 * QemuIo primaryIo = QemuIo.of(pair.qmp(Role.PRIMARY), primaryLauncher.log());
 * primaryIo.writeBetweenCheckpoints("colo-disk0", 0xab, 0, 1 << 20);
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
     * Writes {@code length} bytes of {@code pattern} at {@code offset} of {@code device} and returns
     * once qemu-io reports the write complete.
     *
     * <p>On a COLO primary, use {@link #writeBetweenCheckpoints} instead: a write that qemu-io starts
     * while the primary is inside a checkpoint reaches the secondary while it empties its active and
     * hidden disks, and QEMU 7.2.22 then breaks COLO on both nodes (the secondary logs "First cluster in
     * emptied image is in use"). The write is sent as qemu-io's {@code aio_write}, not {@code write}:
     * a synchronous qemu-io write keeps QEMU's main loop (and its big lock) until the data is written,
     * and when that happens inside a checkpoint both QEMUs deadlock for good instead (the secondary
     * loads the checkpoint holding its own main loop, so it cannot serve the NBD write; the primary
     * cannot finish sending the checkpoint, its vCPUs waiting for the main loop that waits for the
     * write). A guest's own writes never meet either: the primary's guest is paused, and its writes
     * drained, for the whole checkpoint.
     *
     * @throws ColoException if qemu-io reports anything but a complete write (its words are quoted)
     */
    public void write(String device, int pattern, long offset, long length) {
        String out = run(device, "aio_write -P 0x" + Integer.toHexString(pattern & 0xff) + " " + offset + " " + length,
                "wrote " + length + "/" + length + " bytes at offset " + offset);
        if (!out.contains("wrote " + length + "/" + length)) {
            throw new ColoException("qemu-io write on " + device + " failed: " + out.strip());
        }
    }

    /**
     * {@link #write}, started right after a checkpoint ends when this QEMU is a COLO primary (its next
     * {@code RESUME}), so that the write runs while the guest runs, as a guest's own writes do, and
     * never inside a checkpoint (see {@link #write} for what that does to QEMU). On any other node it
     * writes at once. Waits at most the pair's {@code x-checkpoint-delay} and 10 seconds for the
     * {@code RESUME}.
     *
     * @throws ColoException if no checkpoint ends within that time, or as {@link #write}
     */
    public void writeBetweenCheckpoints(String device, int pattern, long offset, long length) {
        if (!isColoPrimary()) {
            write(device, pattern, offset, length);
            return;
        }
        Duration wait = Duration.ofMillis(checkpointDelayMillis() + 10_000);
        try (QmpEventWaiter resumed = qmp.expectEvent("RESUME", e -> true)) {
            resumed.await(wait);
        } catch (QmpTimeoutException e) {
            throw new ColoException("no COLO checkpoint ended (no RESUME) on this primary within " + wait.toMillis()
                    + " ms, so the qemu-io write on " + device + " was not sent: is the pair still replicating?", e);
        }
        write(device, pattern, offset, length);
    }

    private boolean isColoPrimary() {
        try {
            return qmp.execute(new QueryColoStatus()).mode() == ColoMode.PRIMARY;
        } catch (QmpException e) {
            return false;   // a QEMU without COLO (CONFIG_REPLICATION) has no query-colo-status
        }
    }

    /** The primary's {@code x-checkpoint-delay}; QEMU's default (20 s) if it cannot be read. */
    private long checkpointDelayMillis() {
        try {
            JsonNode delay = qmp.execute("query-migrate-parameters", Map.of()).path("x-checkpoint-delay");
            return delay.canConvertToLong() ? delay.asLong() : 20_000;
        } catch (QmpException e) {
            return 20_000;
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
                        + " within " + RESULT_TIMEOUT + " (is QEMU's standard output redirected there? An aio_write may"
                        + " still be waiting for a replica that does not answer); got: " + out.strip());
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
