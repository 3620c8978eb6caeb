package org.colo4j.netfilter;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.colo4j.qmp.QemuOnPath;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpException;

/**
 * A real qemu-system-x86_64 for live tests: started in a temp dir with a QMP unix socket, killed by its
 * own pid. When QEMU is not on PATH, {@link #requireQemu()} skips the test with the reason, or fails
 * it when the system property {@code colo4j.requireQemu} is {@code "true"} (CI).
 */
final class LiveQemu implements AutoCloseable {

    static final String BINARY = "qemu-system-x86_64";
    static final Duration START_DEADLINE = Duration.ofSeconds(20);
    private static QemuVersion version;

    private final String name;
    private final Process process;
    private final Path qmpSocket;
    private final Path log;
    private QmpClient qmp;

    private LiveQemu(String name, Process process, Path qmpSocket, Path log) {
        this.name = name;
        this.process = process;
        this.qmpSocket = qmpSocket;
        this.log = log;
    }

    /** Skips (or, with -Dcolo4j.requireQemu=true, fails) the calling test when QEMU is missing. */
    static void requireQemu() {
        QemuOnPath.require(BINARY);
    }

    /** The installed QEMU's version, from {@code qemu-system-x86_64 --version} (5 s deadline). */
    static synchronized QemuVersion version() throws IOException {
        if (version == null) {
            Process p = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true).start();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(BINARY + " --version did not finish within 5 s");
                }
                version = QemuVersion.parse(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while asking " + BINARY + " for its version", e);
            }
        }
        return version;
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    static int freePort() {
        return org.colo4j.qmp.FreeLoopbackPort.next();
    }

    /**
     * Starts {@code qemu-system-x86_64 -machine q35 -nodefaults -display none -S <nics> -qmp ... <extra>}
     * in {@code dir}, with one {@code -netdev user} and {@code -device <model>} per netdev.
     */
    static LiveQemu start(Path dir, String name, List<ProxyNic> nics, List<String> extra) throws IOException {
        Path socket = dir.resolve(name + ".qmp");
        Path log = dir.resolve(name + ".log");
        List<String> argv = new ArrayList<>(List.of(BINARY, "-machine", "q35", "-nodefaults", "-display", "none", "-S",
                "-name", name));
        for (ProxyNic nic : nics) {
            argv.addAll(List.of("-netdev", "user,id=" + nic.netdev(), "-device", nic.model().device() + ",netdev=" + nic.netdev()));
        }
        argv.addAll(List.of("-qmp", "unix:" + socket + ",server=on,wait=off"));
        argv.addAll(extra);
        Files.writeString(dir.resolve(name + ".argv"), String.join(" ", argv) + "\n");
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new LiveQemu(name, p, socket, log);
    }

    /** Connects to QMP, retrying until the socket answers or {@link #START_DEADLINE} passes. */
    QmpClient qmp() throws InterruptedException {
        if (qmp != null) {
            return qmp;
        }
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        QmpException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(name + " QEMU exited with " + process.exitValue() + ": " + logText());
            }
            if (Files.exists(qmpSocket)) {
                try {
                    qmp = QmpClient.connect(QmpEndpoint.unix(qmpSocket));
                    return qmp;
                } catch (QmpException e) {
                    last = e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " QEMU did not answer on " + qmpSocket + " within " + START_DEADLINE
                + " (last error: " + last + "); log: " + logText());
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Closes QMP, then ends the process by its pid: destroy, then destroyForcibly after 5 s. */
    @Override
    public void close() throws InterruptedException {
        if (qmp != null) {
            qmp.close();
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
