package org.colo4j.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} (and the few other host commands the harness needs) with a deadline,
 * and fails with the command and its output when it exits non-zero.
 */
final class Ip {

    private static final long TIMEOUT_SECONDS = 10;

    private Ip() {}

    /** Runs {@code ip args...}; returns its standard output. */
    static String ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs {@code cmd}; returns its standard output. */
    static String run(List<String> cmd) {
        Result r = tryRun(cmd);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited with " + r.exit() + ": " + r.output().strip());
        }
        return r.output();
    }

    /** Runs {@code cmd} and returns its exit code and output (stdout and stderr together). */
    static Result tryRun(List<String> cmd) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, "cannot run " + cmd.get(0) + ": " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            // The commands run here print a few lines at most, far below a pipe's buffer: wait first, then read.
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, String.join(" ", cmd) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            p.destroyForcibly();
            return new Result(126, "cannot read the output of " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted while running " + String.join(" ", cmd));
        }
    }

    /** A finished command: exit code and output. */
    record Result(int exit, String output) {}
}
