package org.colo4j.ha;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpException;
import org.colo4j.qmp.command.Quit;
import org.colo4j.qmp.command.Stop;

/**
 * How a {@link ColoGuard} stops the guest of a node it controls (its own node, for an agent) when it
 * loses its authority or fences the loser of a failover.
 *
 * <p>A QMP {@code stop} alone is not enough for a node in COLO: QEMU restarts the guest at the end of
 * every checkpoint ({@code vm_start} in COLO's checkpoint loop, on both nodes), so a paused node in
 * COLO would run again within one checkpoint delay. The default, {@link #stopAndQuit()}, therefore
 * pauses the guest at once and then ends QEMU; {@link #stopAndQuitOrKill(Path)} adds SIGKILL of the
 * QEMU named by its pid file when QMP could not end it (for an agent on the node's own host), and
 * {@link #hook} the user's own way to make sure the process is gone (a systemd stop, a kill on another
 * host), run even when QMP does not answer.
 */
@FunctionalInterface
public interface SelfFence {

    /**
     * Stops the guest of {@code request.node()}.
     *
     * @param request the node and why
     * @param qmp its QMP connection, or null if the guard has none open
     * @param deadline how long each QMP command may take
     * @return how it was done, for {@link GuardEvent.Fenced}
     * @throws RuntimeException if the guest cannot be known stopped
     */
    String fence(FenceRequest request, QmpClient qmp, Duration deadline);

    /**
     * QMP {@code stop} (the guest pauses at once), then {@code quit} (QEMU ends, so no checkpoint can
     * restart it). If {@code stop} gets no answer while the connection stays open (QEMU's main loop
     * hangs on its cut-off peer), {@code quit} is queued behind it and the block nodes and migration
     * are yanked out of band, which unsticks the main loop; done once the connection closes. A connection that closes on {@code quit}, or was already closed, counts as done:
     * the QEMU is gone. Throws if QEMU does not answer either command within the deadline.
     */
    static SelfFence stopAndQuit() {
        return (request, qmp, deadline) -> stopThenQuit(request, qmp, deadline, true);
    }

    /** stop, then quit; when stop gets no answer, quit is queued and, if {@code yankWhenStuck}, QEMU is unstuck by yank. */
    private static String stopThenQuit(FenceRequest request, QmpClient qmp, Duration deadline, boolean yankWhenStuck) {
        if (qmp == null || !qmp.isOpen()) {
            return "nothing to do: its QMP connection is closed (QEMU gone)";
        }
        try {
            qmp.execute(new Stop(), deadline);
        } catch (QmpException e) {
            if (!qmp.isOpen()) {
                return "QMP stop: the connection closed (QEMU gone)";
            }
            // The main loop may hang on the peer (a checkpoint it cannot finish): queue quit behind the stop.
            qmp.executeAsync(new Quit(), deadline.multipliedBy(2));
            if (!yankWhenStuck) {
                throw new GuardException("QMP stop on " + request.node() + " failed: " + e.getMessage() + " (quit queued)", e);
            }
            // Yank out of band what ties QEMU to its peer, and give both the deadline once more.
            String yanked = FenceYank.yank(qmp, deadline);
            if (awaitClosed(qmp, deadline)) {
                return "QMP stop timed out; yanked " + yanked + " out of band, then stop and quit ran (QEMU gone)";
            }
            throw new GuardException("QMP stop on " + request.node() + " failed: " + e.getMessage() + " (quit sent anyway"
                    + (yanked.isEmpty() ? "" : ", yanked " + yanked) + ")", e);
        }
        try {
            qmp.execute(new Quit(), deadline);
        } catch (QmpException e) {
            if (qmp.isOpen()) {
                throw new GuardException("QMP quit on " + request.node() + " failed after stop: " + e.getMessage(), e);
            }
        }
        return "QMP stop and quit";
    }

    /**
     * QMP {@code stop} and {@code quit} as {@link #stopAndQuit()}, then makes sure by the pid in
     * {@code pidFile} (the file QEMU writes for {@code -pidfile}): if that process outlives the QMP part
     * by the deadline, or {@code stop} got no answer within it (a QEMU whose main loop hangs on a
     * cut-off peer; no yank is tried then, {@code quit} is only queued), it gets SIGKILL, so the fence
     * takes about one deadline at most. For an agent on
     * the node's own host, this makes its self-fence certain without a STONITH device. It refuses to
     * kill a process that is not a QEMU (a stale pid file whose pid was reused) and throws then, as it
     * does when the pid file is absent although QMP did not end QEMU (QEMU removes its pid file when it
     * exits, so an absent file after a successful {@code quit} counts as done).
     *
     * @param pidFile the node's QEMU pid file, read when the fence runs (a restarted QEMU has a new pid)
     */
    static SelfFence stopAndQuitOrKill(Path pidFile) {
        Objects.requireNonNull(pidFile, "pidFile");
        return (request, client, deadline) -> {
            String first;
            boolean ended;
            try {
                first = stopThenQuit(request, client, deadline, false);
                ended = true;
            } catch (RuntimeException e) {
                first = "QMP failed (" + e.getMessage() + ")";
                ended = false;
            }
            String kill = PidFileKill.ensureGone(pidFile, ended, deadline);
            return kill.isEmpty() ? first : first + ", then " + kill;
        };
    }

    /** Whether {@code qmp}'s connection closes (QEMU quit) within {@code deadline}. */
    private static boolean awaitClosed(QmpClient qmp, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (qmp.isOpen() && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !qmp.isOpen();
    }

    /**
     * {@link #stopAndQuit()} as far as QMP allows (best effort: a frozen QEMU gets its commands
     * queued), then {@code hook}, which must make sure the node's QEMU no longer runs (for example
     * {@code r -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)}) and throw if it
     * cannot.
     */
    static SelfFence hook(Consumer<FenceRequest> hook) {
        Objects.requireNonNull(hook, "hook");
        SelfFence qmp = stopAndQuit();
        return (request, client, deadline) -> {
            String first;
            try {
                first = qmp.fence(request, client, deadline);
            } catch (RuntimeException e) {
                first = "QMP failed (" + e.getMessage() + ")";
            }
            hook.accept(request);
            return first + ", then the user's hook";
        };
    }
}
