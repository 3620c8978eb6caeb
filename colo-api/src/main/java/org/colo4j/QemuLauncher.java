package org.colo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpConnectException;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpOptions;

/**
 * One QEMU process started from a rendered argv. It waits until QEMU's QMP socket accepts
 * connections, keeps QEMU's stdout and stderr in a log file that error messages quote, and on
 * {@link #close()} stops the process it started, by that process's own pid (SIGTERM, then SIGKILL
 * after a grace period). It never touches other processes.
 *
 * <pre>{@code
 * try (QemuLauncher secondary = QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log"));
 *      QmpClient qmp = secondary.connect(QmpOptions.defaults())) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The launcher registers no JVM shutdown hook: close it (try-with-resources) or the process may
 * outlive the JVM.
 */
public final class QemuLauncher implements AutoCloseable {

    /** How long {@link #start} waits for the QMP socket by default. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final List<String> argv;
    private final Process process;
    private final QmpEndpoint qmp;
    private final Path log;

    private QemuLauncher(List<String> argv, Process process, QmpEndpoint qmp, Path log) {
        this.argv = argv;
        this.process = process;
        this.qmp = qmp;
        this.log = log;
    }

    /** {@link #start(List, QmpEndpoint, Path, Duration)} with {@link #DEFAULT_START_TIMEOUT}. */
    public static QemuLauncher start(List<String> argv, QmpEndpoint qmp, Path log) {
        return start(argv, qmp, log, DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts {@code argv} (its first element is the QEMU binary, a path or a name looked up on PATH)
     * with its output going to {@code log}, and returns once QEMU has sent its QMP greeting on
     * {@code qmp} (start-up finished, network backends included) and is still running.
     *
     * @param argv the complete command line, one element per argument
     * @param qmp the QMP endpoint the argv opens with {@code -qmp ...,server=on,wait=off}
     * @param log file that receives QEMU's stdout and stderr (created or truncated)
     * @param timeout how long QEMU may take to start up and greet on QMP
     * @throws QemuLaunchException if QEMU cannot be run, exits, or does not greet in time, with QEMU's
     *     own last output; the
     *     process is stopped before the exception is thrown
     */
    public static QemuLauncher start(List<String> argv, QmpEndpoint qmp, Path log, Duration timeout) {
        Objects.requireNonNull(argv, "argv");
        Objects.requireNonNull(qmp, "qmp");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(timeout, "timeout");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty: its first element must be the QEMU binary");
        }
        List<String> command = List.copyOf(argv);
        Process process;
        try {
            if (log.getParent() != null) {
                Files.createDirectories(log.getParent());
            }
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new QemuLaunchException("cannot start " + command.get(0) + ": " + e.getMessage()
                    + " (is QEMU installed? Debian/Ubuntu: apt-get install qemu-system-x86 qemu-utils)", e);
        }
        QemuLauncher launcher = new QemuLauncher(command, process, qmp, log);
        try {
            launcher.awaitQmp(timeout);
        } catch (RuntimeException e) {
            launcher.close();
            throw e;
        }
        return launcher;
    }

    /**
     * Connects a QMP client to this QEMU, retrying briefly while the socket is still coming up.
     *
     * @throws QemuLaunchException if the process has exited
     */
    public QmpClient connect(QmpOptions options) {
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        while (true) {
            try {
                return QmpClient.connect(qmp, options);
            } catch (QmpConnectException e) {
                if (!process.isAlive()) {
                    throw exited("before a QMP client could connect");
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(20);
            }
        }
    }

    /** The process id of the QEMU this launcher started. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The QMP endpoint the process was started with. */
    public QmpEndpoint qmp() {
        return qmp;
    }

    /** The log file holding QEMU's output. */
    public Path log() {
        return log;
    }

    /** The argv the process was started with. */
    public List<String> argv() {
        return argv;
    }

    /** The last {@code lines} lines of QEMU's output (empty if none). */
    public String logTail(int lines) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Kills the process at once with SIGKILL, as a crash would, and waits for it to go. For failover
     * drills and tests.
     */
    public void kill() {
        process.destroyForcibly();
        waitFor(STOP_GRACE);
    }

    /**
     * Waits up to {@code timeout} for the process to exit on its own (e.g. after QMP {@code quit}).
     *
     * @return whether it exited
     */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The exit code, or empty while the process runs. */
    public java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    /** Stops the process: SIGTERM, then SIGKILL if it is still there after 5 s. Harmless when already stopped. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(STOP_GRACE)) {
                process.destroyForcibly();
                waitFor(STOP_GRACE);
            }
        }
    }

    @Override
    public String toString() {
        return "QemuLauncher{pid " + process.pid() + (process.isAlive() ? ", running" : ", exited " + process.exitValue())
                + ", qmp " + qmp + ", log " + log + "}";
    }

    /**
     * Waits until QEMU sends its QMP greeting and is still running. The socket alone proves little:
     * QEMU opens it before it sets up the network backends and may still exit on one of them; it
     * greets only from its main loop, once start-up has finished.
     */
    private void awaitQmp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!qmp.acceptsConnections()) {
            if (!process.isAlive()) {
                throw exited("before opening QMP at " + qmp);
            }
            checkDeadline(deadline, timeout, "open QMP at " + qmp);
            sleep(20);
        }
        while (true) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
            try (QmpClient greeting = QmpClient.connect(qmp, QmpOptions.defaults().withConnectTimeout(left)
                    .withGreetingTimeout(left).withName("launcher-" + process.pid()))) {
                break;
            } catch (org.colo4j.qmp.QmpException e) {
                if (!process.isAlive()) {
                    throw exited("after opening QMP at " + qmp + " but before greeting (" + e.getMessage() + ")");
                }
                checkDeadline(deadline, timeout, "greet on QMP at " + qmp + " (last: " + e.getMessage() + ")");
                sleep(20);
            }
        }
        if (!process.isAlive()) {
            throw exited("right after its QMP greeting");
        }
    }

    private void checkDeadline(long deadline, Duration timeout, String what) {
        if (System.nanoTime() > deadline) {
            throw new QemuLaunchException("QEMU (pid " + process.pid() + ") did not " + what + " within "
                    + timeout + "; a chardev with wait=on blocks start-up until its peer connects. Last output:\n"
                    + logTail(20));
        }
    }

    private QemuLaunchException exited(String when) {
        waitFor(Duration.ofSeconds(1));
        String code = process.isAlive() ? "?" : Integer.toString(process.exitValue());
        return new QemuLaunchException("QEMU (pid " + process.pid() + ") exited with " + code + " " + when
                + ". Its output:\n" + logTail(20));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuLaunchException("interrupted while waiting for QEMU", e);
        }
    }
}
