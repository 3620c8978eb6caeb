package org.colo4j.ha;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last step of {@link SelfFence#stopAndQuitOrKill(Path)}: makes sure the QEMU whose pid is in a
 * pid file (QEMU's {@code -pidfile}) no longer runs, with SIGKILL if it outlives its {@code quit}.
 */
final class PidFileKill {

    private PidFileKill() {}

    /**
     * Waits up to {@code deadline} for the process in {@code pidFile} to end, kills it if it does not,
     * and waits once more. Returns what was done; throws {@link GuardException} if the process is
     * still there, is not a QEMU (a stale pid file whose pid was reused), or the pid file cannot be read
     * while {@code qmpEnded} is false.
     */
    static String ensureGone(Path pidFile, boolean qmpEnded, Duration deadline) {
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            if (qmpEnded) {
                return "";   // QEMU removes its pid file when it exits
            }
            throw new GuardException("cannot make sure the QEMU is gone: its pid file " + pidFile + " is absent and QMP did not"
                    + " end it; give QEMU -pidfile " + pidFile + " or fence it some other way (SelfFence.hook)");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
        if (process.isEmpty() || awaitExit(process.get(), qmpEnded ? deadline : Duration.ZERO)) {
            return "";
        }
        ProcessHandle qemu = process.get();
        if (!isQemu(qemu)) {
            throw new GuardException("will not kill pid " + pid.get() + " from " + pidFile + ": it is not a QEMU ("
                    + qemu.info().commandLine().orElse("command unknown") + "); a stale pid file? The node's QEMU is not"
                    + " known stopped");
        }
        qemu.destroyForcibly();
        if (!awaitExit(qemu, deadline)) {
            throw new GuardException("SIGKILL of QEMU pid " + pid.get() + " (from " + pidFile + ") did not end it within "
                    + deadline.toMillis() + " ms");
        }
        return "SIGKILL of pid " + pid.get() + " (from " + pidFile + ")";
    }

    /** The pid in {@code pidFile}, or empty if the file is absent. */
    static Optional<Long> readPid(Path pidFile) {
        try {
            String text = Files.readString(pidFile).strip();
            return Optional.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            throw new GuardException("cannot read the QEMU pid from " + pidFile + ": " + e.getMessage());
        }
    }

    /** Whether the process's executable or arguments name a QEMU. */
    static boolean isQemu(ProcessHandle p) {
        ProcessHandle.Info info = p.info();
        if (info.command().map(c -> Path.of(c).getFileName().toString().contains("qemu")).orElse(false)) {
            return true;
        }
        return info.arguments().map(a -> Arrays.stream(a).anyMatch(s -> s.contains("qemu-system"))).orElse(false);
    }

    private static boolean awaitExit(ProcessHandle p, Duration deadline) {
        if (!p.isAlive()) {
            return true;
        }
        if (deadline.isZero()) {
            return false;
        }
        try {
            p.onExit().get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }
}
