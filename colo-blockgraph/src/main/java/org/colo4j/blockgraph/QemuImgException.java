package org.colo4j.blockgraph;

import java.util.List;

/**
 * Running {@code qemu-img} failed: it is not installed, it exited non-zero, it printed something
 * colo4j cannot read, or it did not finish before its deadline.
 */
public class QemuImgException extends BlockGraphException {

    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    /**
     * @param message what went wrong
     * @param command the argv that was run (empty if nothing could be run)
     * @param exitCode the exit code, or -1 when the process did not exit normally
     * @param stderr what qemu-img printed on standard error (may be empty)
     */
    public QemuImgException(String message, List<String> command, int exitCode, String stderr) {
        super(message);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    public QemuImgException(String message, List<String> command, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.exitCode = -1;
        this.stderr = "";
    }

    /** The argv that was run; empty if nothing could be run. */
    public List<String> command() {
        return command;
    }

    /** The exit code, or -1 when qemu-img did not exit normally (timeout, could not start). */
    public int exitCode() {
        return exitCode;
    }

    /** Standard error of qemu-img, trimmed; empty if there was none. */
    public String stderr() {
        return stderr;
    }
}
