package org.colo4j.qmp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real qemu-system-x86_64 started for a live test, stopped (by its own pid) on close. When QEMU is
 * not installed the test is skipped with the reason ({@link QemuOnPath}), unless
 * -Dcolo4j.requireQemu=true, which turns the skip into a failure (CI sets it).
 */
final class LiveQemu implements AutoCloseable {

    private final Process process;
    private final Path qmpSocket;
    private final Path log;
    private final int tcpPort;

    private LiveQemu(Process process, Path qmpSocket, Path log, int tcpPort) {
        this.process = process;
        this.qmpSocket = qmpSocket;
        this.log = log;
        this.tcpPort = tcpPort;
    }

    /** A free TCP port on 127.0.0.1 (bound then released). */
    static int freeLoopbackPort() {
        return FreeLoopbackPort.next();
    }

    /**
     * Starts {@code qemu-system-x86_64 -machine none} with a unix QMP socket in {@code dir} and a
     * second QMP monitor on 127.0.0.1 (opened first), and waits until the unix socket accepts.
     */
    static LiveQemu startMachineNone(Path dir, String... extraArgs) throws IOException, InterruptedException {
        Path binary = QemuOnPath.require("qemu-system-x86_64");
        Path socket = dir.resolve("qmp.sock");
        Path log = dir.resolve("qemu.log");
        int port = freeLoopbackPort();
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "-machine", "none", "-nodefaults",
                // QEMU opens its monitors in this order: once the unix socket answers, so does the TCP one.
                "-display", "none", "-qmp", "tcp:127.0.0.1:" + port + ",server=on,wait=off",
                "-qmp", "unix:" + socket + ",server=on,wait=off"));
        argv.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LiveQemu qemu = new LiveQemu(p, socket, log, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!QmpEndpoint.unix(socket).acceptsConnections()) {
            if (!p.isAlive()) {
                qemu.close();
                fail("QEMU exited with " + p.exitValue() + " before opening QMP: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                qemu.close();
                fail("QEMU did not open " + socket + " within 15 s: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return qemu;
    }

    QmpEndpoint unixEndpoint() {
        return QmpEndpoint.unix(qmpSocket);
    }

    QmpEndpoint tcpEndpoint() {
        return QmpEndpoint.tcp("127.0.0.1", tcpPort);
    }

    Process process() {
        return process;
    }

    /** Sends a signal by name (e.g. STOP, KILL) to this QEMU's own pid. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill -" + name + " " + process.pid() + " failed");
        }
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
