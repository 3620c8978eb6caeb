package org.colo4j.qmp;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The commands of one connection on their way to QEMU, in order, written without ever blocking.
 *
 * <p>A caller writes its own command when nothing is queued ahead of it and the socket takes all of
 * it at once, which is the usual case and costs one non-blocking {@code write}, as a blocking client
 * would. Whatever the socket does not take (QEMU is slow to read, or does not read at all) is queued,
 * and the connection's reader thread sends it as the socket drains ({@link SelectingInput}); later
 * commands queue behind it so that lines never interleave. A caller therefore never waits for QEMU
 * to read: its call's deadline, not the socket, decides how long it waits.
 *
 * <p>A command whose call has already failed (its deadline passed, the connection closed) before its
 * first byte went out is never sent; {@link #withdraw} takes one out of the queue when its deadline
 * passes. A command partly sent is always finished, or QEMU would read the next command as the rest
 * of it.
 *
 * <p>Every method holds this object's lock only around non-blocking writes.
 */
final class Outbox {

    /** What became of a call's command when its deadline passed. */
    enum Fate {
        /** Written completely. */
        SENT,
        /** Not a byte written; taken out of the queue, never to be sent. */
        WITHDRAWN,
        /** Partly written; the rest stays queued. */
        PARTLY_SENT
    }

    private final Transport transport;
    private final SocketChannel channel;
    private final Runnable wakeReader;
    private final Consumer<PendingCall<?>> neverSent;
    private final ArrayDeque<PendingCall<?>> queue = new ArrayDeque<>();
    /** Whether {@link #queue} is non-empty, readable without the lock. */
    private volatile boolean queued;

    /**
     * @param wakeReader makes the reader thread notice that bytes are queued
     * @param neverSent told of each call that failed before any of its command was written (its id
     *     can be reused: no reply will ever come)
     */
    Outbox(Transport transport, Runnable wakeReader, Consumer<PendingCall<?>> neverSent) {
        this.transport = transport;
        this.channel = transport.channel();
        this.wakeReader = wakeReader;
        this.neverSent = neverSent;
    }

    /** Caller's thread: writes what the socket takes now and queues the rest; never blocks. */
    void send(PendingCall<?> call) throws IOException {
        synchronized (this) {
            if (!queue.isEmpty()) {
                queue.add(call);
                return; // the reader already waits to send the head, and this behind it
            }
            if (call.future.isDone()) {
                neverSent.accept(call);
                return;
            }
            write(call);
            if (!call.line.hasRemaining()) {
                return;
            }
            queue.add(call);
            queued = true;
        }
        wakeReader.run();
    }

    /** Whether bytes wait for the socket to drain. */
    boolean hasQueued() {
        return queued;
    }

    /** Reader thread, when the socket can take bytes: sends as much of the queue as it takes. */
    synchronized void flush() throws IOException {
        while (!queue.isEmpty()) {
            PendingCall<?> head = queue.peek();
            if (!head.started && head.future.isDone()) {
                queue.poll();
                neverSent.accept(head);
                continue;
            }
            write(head);
            if (head.line.hasRemaining()) {
                return;
            }
            queue.poll();
        }
        queued = false;
    }

    /** Timer thread, when {@code call}'s deadline passed: takes its command out if none of it was sent. */
    synchronized Fate withdraw(PendingCall<?> call) {
        for (Iterator<PendingCall<?>> it = queue.iterator(); it.hasNext(); ) {
            if (it.next() == call) {
                if (call.started) {
                    return Fate.PARTLY_SENT;
                }
                it.remove();
                queued = !queue.isEmpty();
                return Fate.WITHDRAWN;
            }
        }
        return Fate.SENT;
    }

    /** The connection closed: nothing more will be sent. */
    synchronized void clear() {
        queue.clear();
        queued = false;
    }

    private void write(PendingCall<?> call) throws IOException {
        if (!call.started && call.fds != null) {
            transport.attachFds(call.fds);
        }
        if (channel.write(call.line) > 0) {
            call.started = true;
        }
    }
}
