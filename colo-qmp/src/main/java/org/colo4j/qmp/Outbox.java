package org.colo4j.qmp;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The commands of one connection on their way to QEMU, in order, sent so that no caller ever blocks
 * in a socket write.
 *
 * <p>A blocking write blocks only when the socket's send buffer is full, i.e. when QEMU has not read
 * what was sent before. Every reply tells how far QEMU has read: a reply to a command means QEMU read
 * that command, and so every byte sent before it. The outbox therefore keeps a running total of what
 * each write can cost the socket's buffer at most ({@link #charge}: twice the bytes plus 2 KiB, more
 * than Linux charges a unix or TCP socket for one write) and the total at the last command QEMU
 * answered. A caller writes its own command, on its own thread, when nothing is queued ahead of it and
 * the unanswered total plus this command stays within half the send buffer: then the write cannot
 * block, and it costs what a plain blocking client pays. Otherwise the command is queued and a writer
 * thread, started on first need, sends the queue in order; that thread may block on a QEMU that does
 * not read, no caller does. Sequential calls always take the direct path; a burst of pipelined calls
 * hands the rest of the burst to the writer once the buffer could be full.
 *
 * <p>A command whose call has already failed (its deadline passed, the connection closed) before it
 * was written is never sent; {@link #withdraw} takes one out of the queue when its deadline passes. A
 * command the writer has begun is always finished, or QEMU would read the next command as its rest.
 */
final class Outbox {

    /** What became of a call's command when its deadline passed. */
    enum Fate {
        /** Written. */
        SENT,
        /** Not written; taken out of the queue, never to be sent. */
        WITHDRAWN,
        /** The writer thread is writing it (QEMU is not reading); it is finished if QEMU reads again. */
        BEING_SENT
    }

    private final Transport transport;
    private final long budget;
    private final String writerName;
    private final Consumer<PendingCall<?>> neverSent;
    private final Consumer<IOException> writeFailed;
    private final ArrayDeque<PendingCall<?>> queue = new ArrayDeque<>();
    /** The line the writer thread is writing now, or null. */
    private PendingCall<?> writing;
    /** Running total of {@link #charge} over every line written or being written. */
    private long charged;
    /** {@link #charged} as it was after the last line QEMU answered; written by the reader thread only. */
    private volatile long answeredUpTo;
    private Thread writer;
    private boolean closed;

    /**
     * @param writerName the writer thread's name
     * @param neverSent told of each call that failed before its command was written (its id can be
     *     reused: no reply will ever come)
     * @param writeFailed told when the writer thread's write fails (the socket is gone)
     */
    Outbox(Transport transport, String writerName, Consumer<PendingCall<?>> neverSent,
           Consumer<IOException> writeFailed) {
        this.transport = transport;
        this.budget = transport.sendBufferSize() / 2;
        this.writerName = writerName;
        this.neverSent = neverSent;
        this.writeFailed = writeFailed;
    }

    /** What one write of {@code bytes} can cost the socket's send buffer at most. */
    static long charge(int bytes) {
        return 2L * bytes + 2048;
    }

    /**
     * Caller's thread: writes {@code call}'s line now when that cannot block, else queues it for the
     * writer thread. Never blocks on QEMU.
     *
     * @throws IOException if the direct write failed (the socket is gone)
     */
    synchronized void send(PendingCall<?> call) throws IOException {
        if (closed) {
            return;
        }
        if (call.future.isDone()) {
            neverSent.accept(call);
            return;
        }
        long cost = charge(call.line.length);
        if (queue.isEmpty() && writing == null && charged - answeredUpTo + cost <= budget) {
            charged += cost;
            call.chargedUpTo = charged;
            call.started = true;
            write(call);
            return;
        }
        queue.add(call);
        if (writer == null) {
            writer = new Thread(this::writeLoop, writerName);
            writer.setDaemon(true);
            writer.start();
        }
        notifyAll();
    }

    /** Reader thread: QEMU answered {@code call}, so it has read every byte up to its line. */
    void answered(PendingCall<?> call) {
        long upTo = call.chargedUpTo;
        if (upTo > answeredUpTo) {
            answeredUpTo = upTo;
        }
    }

    /** Timer thread, when {@code call}'s deadline passed: takes its command out if it was not written. */
    synchronized Fate withdraw(PendingCall<?> call) {
        if (call == writing) {
            return Fate.BEING_SENT;
        }
        if (!call.started && queue.remove(call)) {
            return Fate.WITHDRAWN;
        }
        return Fate.SENT;
    }

    /** The connection closed: nothing more is sent; the writer thread ends. */
    synchronized void close() {
        closed = true;
        queue.clear();
        notifyAll();
    }

    private void writeLoop() {
        while (true) {
            PendingCall<?> next;
            synchronized (this) {
                writing = null;
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = queue.poll();
                if (next.future.isDone()) {
                    neverSent.accept(next);
                    continue;
                }
                charged += charge(next.line.length);
                next.chargedUpTo = charged;
                next.started = true;
                writing = next;
            }
            try {
                write(next); // may block while QEMU does not read: only this thread waits
            } catch (IOException e) {
                writeFailed.accept(e);
                return;
            }
        }
    }

    /** Writes one line; callers make sure no two writes overlap (the lock, or {@link #writing}). */
    private void write(PendingCall<?> call) throws IOException {
        transport.write(call.line, call.fds);
    }
}
