package org.colo4j.blockgraph;


import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.colo4j.qmp.QemuOnPath;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;

/**
 * A real qemu-system-x86_64 for live tests: no guest, paused ({@code -S}), QMP on a unix socket in
 * the test's temporary folder. {@link #close()} kills it by its own pid (destroy, then
 * destroyForcibly after a deadline). Every wait has a deadline.
 *
 * <p>When QEMU is not on PATH, {@link #requireQemu()} skips the test with the reason, unless the
 * system property {@code colo4j.requireQemu} is {@code true}, which turns the skip into a failure.
 */
final class LiveQemu implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

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

    /** Skips (or, with -Dcolo4j.requireQemu=true, fails) the test unless qemu-system-x86_64 and qemu-img are on PATH. */
    static void requireQemu() {
        QemuOnPath.requireQemu();
    }

    /** The qemu-img on PATH, after {@link #requireQemu()}. */
    static QemuImg qemuImg() {
        requireQemu();
        return QemuImg.onPath();
    }

    /** Package-private for {@code LiveQemuTest}. */
    static void requireTool(String tool) {
        QemuOnPath.require(tool);
    }

    /**
     * {@code qemu-img compare -U a b}: its exit code, a space, and its output trimmed, e.g.
     * {@code "0 Images are identical."}. Formats are probed.
     */
    static String qemuImgCompare(Path a, Path b) {
        requireQemu();
        List<String> cmd = List.of("qemu-img", "compare", "-U", a.toString(), b.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish within 60 s");
            }
            return p.exitValue() + " " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        return org.colo4j.qmp.FreeLoopbackPort.next();
    }

    /**
     * Starts {@code qemu-system-x86_64 -nodefaults -display none -machine pc -S -qmp unix:...} plus
     * {@code args}, in {@code dir}, and waits until its QMP socket accepts a connection.
     */
    static LiveQemu start(Path dir, String name, List<String> args) {
        requireQemu();
        Path socket = dir.resolve(name + ".qmp");
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-name", name, "-nodefaults",
                "-display", "none", "-machine", "pc", "-m", "64", "-S",
                "-qmp", "unix:" + socket + ",server=on,wait=off"));
        cmd.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        LiveQemu qemu = new LiveQemu(name, process, socket, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (!QmpEndpoint.unix(socket).acceptsConnections()) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " QEMU exited with " + process.exitValue() + " at start:\n"
                            + qemu.log() + "\nargv: " + cmd);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " QEMU did not open " + socket + " within " + START_TIMEOUT
                            + ":\n" + qemu.log());
                }
                Thread.sleep(20);
            }
            qemu.qmp = QmpClient.connect(QmpEndpoint.unix(socket));
            return qemu;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            qemu.close();
            throw new AssertionError("interrupted while starting " + name, e);
        } catch (RuntimeException | AssertionError e) {
            qemu.close();
            throw e;
        }
    }

    /** The QMP connection, open from start to {@link #close()}. */
    QmpClient qmp() {
        return qmp;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What QEMU printed so far. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Closes QMP, then kills this QEMU by its pid: destroy, and destroyForcibly if it is still alive after a deadline. */
    @Override
    public void close() {
        try {
            if (qmp != null) {
                qmp.close();
            }
        } finally {
            try {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "LiveQemu[" + name + ", pid " + process.pid() + ", " + qmpSocket + "]";
    }
}
