package org.colo4j.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEndpoint;

/**
 * One QEMU started inside a network namespace ({@code ip netns exec NS qemu-system-x86_64 ...}), its
 * output in a log file. {@code ip netns exec} execs QEMU in its own process, so the pid held here is
 * QEMU's own: {@link #start} checks that through {@code /proc/<pid>/exe} once QMP answers, and every
 * signal goes to that pid only. {@link #close()} (and, failing that, the JVM's exit through
 * {@link Cleanup}) kills it.
 */
final class NetnsNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final QmpEndpoint qmp;
    private final Path log;
    private final Cleanup.Handle removal;

    private NetnsNode(String name, Process process, QmpEndpoint qmp, Path log, Cleanup.Handle removal) {
        this.name = name;
        this.process = process;
        this.qmp = qmp;
        this.log = log;
        this.removal = removal;
    }

    /**
     * Starts {@code argv} (a QEMU command line, binary first) in {@code role}'s namespace of
     * {@code link} and waits until {@code qmp} accepts connections.
     *
     * @param name the node's name, for messages
     * @throws IllegalStateException if QEMU exits or does not open QMP within 30 s, or if the pid is
     *     not QEMU's; the process is killed first
     */
    static NetnsNode start(String name, NetnsLink link, Role role, List<String> argv, QmpEndpoint qmp, Path log) {
        List<String> command = link.inNamespace(role, argv);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        Cleanup.Handle removal = Cleanup.register(name + " (pid " + process.pid() + ")", () -> killAndWait(process));
        NetnsNode node = new NetnsNode(name, process, qmp, log, removal);
        try {
            node.awaitQmp();
            node.checkPidIsQemu(argv.get(0));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    String name() {
        return name;
    }

    /** QEMU's own pid. */
    long pid() {
        return process.pid();
    }

    QmpEndpoint qmp() {
        return qmp;
    }

    /** QEMU's standard output and error (where HMP {@code qemu-io} prints its results). */
    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP: the process stops at once, its sockets stay open and unanswered, as on a host that hangs. */
    void freeze() {
        signal("STOP");
        awaitState('T', "stopped");
    }

    /** SIGCONT: undoes {@link #freeze()}. */
    void thaw() {
        signal("CONT");
    }

    /** SIGKILL, as a crash: the kernel closes its sockets. Waits for the process to go. */
    void kill() {
        killAndWait(process);
    }

    /** The last {@code lines} lines of the log. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills QEMU (SIGKILL; also when frozen) unless it has exited already. */
    @Override
    public void close() {
        removal.run();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? "" : ", exited") + ")";
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + this + ": it has exited");
        }
        Ip.run(List.of("kill", "-" + signal, Long.toString(process.pid())));
    }

    private void awaitState(char state, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (procState() != state) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(this + " is not " + what + " 5 s after the signal (state " + procState() + ")");
            }
            sleep(5);
        }
    }

    /** The state letter of /proc/pid/stat (R, S, T, ...), or '?' when the process is gone. */
    private char procState() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    private void awaitQmp() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!qmp.acceptsConnections()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") exited with " + process.exitValue()
                        + " before opening QMP at " + qmp + "; its output:\n" + logTail(20));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not open QMP at " + qmp + " within " + START_TIMEOUT
                        + "; its output:\n" + logTail(20));
            }
            sleep(20);
        }
    }

    private void checkPidIsQemu(String binary) {
        Path exe;
        try {
            exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "exe"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + process.pid() + "/exe of " + name + ": " + e.getMessage(), e);
        }
        String expected = Path.of(binary).getFileName().toString();
        if (!exe.getFileName().toString().equals(expected)) {
            throw new IllegalStateException("pid " + process.pid() + " of " + name + " runs " + exe + ", not " + expected
                    + ": ip netns exec did not exec QEMU in place, so signals would miss it");
        }
    }

    private static void killAndWait(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + process.pid() + " still runs 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
