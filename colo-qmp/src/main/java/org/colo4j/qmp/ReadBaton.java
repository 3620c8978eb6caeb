package org.colo4j.qmp;

/**
 * Who reads a connection's socket now: at most one thread at a time holds the baton and reads every
 * line that arrives, replies for any call and events alike ({@link ReaderLoop#pump}).
 *
 * <p>A blocking call that is the only call in flight, when nobody holds the baton, takes it and reads
 * its own reply on its own thread (the leader): no hand-off to the reader thread and back, as a
 * single-threaded client would do. Otherwise, and for calls sent with {@code executeAsync}, the
 * connection's reader thread reads. The reader thread gives the baton up when it has dispatched
 * what came and no call waits for a reply, and takes it again when a call needs it (it is told at
 * once) or when no leader has begun to read for {@link #LINGER_MILLIS} (so events between calls are read
 * within that much, and at once while the connection is idle).
 *
 * <p>The hand-over under this object's lock also publishes the {@link LineReader}'s state from one
 * holder to the next.
 */
final class ReadBaton {

    /** How long the reader thread leaves the socket to leaders after the last one began. */
    static final long LINGER_MILLIS = 2;
    /**
     * {@link #LINGER_MILLIS} for connections opened from now on; tests of the hand-over make it long,
     * so that only the hand-over itself (never the linger running out) brings the reader thread in.
     */
    static volatile long lingerMillisForNewConnections = LINGER_MILLIS;

    private final CallTable calls;
    private final long lingerMillis = lingerMillisForNewConnections;
    private Thread holder;
    /** Leader sessions begun so far; the reader thread compares it across one linger. */
    private long sessions;
    /** A call waits that no leader reads for: the reader thread must read. */
    private boolean readerWanted;
    private boolean closed;

    ReadBaton(CallTable calls) {
        this.calls = calls;
    }

    /**
     * Caller of a blocking call that was just sent: takes the baton if nobody holds it and this is
     * the only call waiting for a reply (true); otherwise makes sure the reader thread reads (false).
     */
    synchronized boolean leadOrCallReader() {
        if (!closed && holder == null && calls.waiting() == 1) {
            holder = Thread.currentThread();
            sessions++;
            return true;
        }
        callReader();
        return false;
    }

    /** A call was sent that no leader will read for (an asynchronous one): the reader thread reads. */
    synchronized void callReader() {
        readerWanted = true;
        if (holder == null) {
            notifyAll();
        }
    }

    /** The leader got its reply (or its deadline passed): gives the baton up, to the reader if calls wait. */
    synchronized void release() {
        holder = null;
        // As in readerKeeps: a request whose call this leader has answered on its way is spent.
        readerWanted = calls.waiting() > 0;
        if (readerWanted) {
            notifyAll();
        }
    }

    /**
     * Reader thread: waits until it should read, then takes the baton.
     *
     * @return false when the connection is closed (the reader thread ends)
     */
    synchronized boolean takeForReader() throws InterruptedException {
        long seen = sessions - 1;
        while (!closed) {
            if (holder == null && (readerWanted || sessions == seen)) {
                holder = Thread.currentThread();
                readerWanted = false;
                return true;
            }
            seen = sessions;
            wait(lingerMillis);
        }
        return false;
    }

    /**
     * Reader thread, after dispatching what came: keeps the baton while calls wait for replies (true),
     * else gives it up so that the next blocking call can read its own reply (false).
     */
    synchronized boolean readerKeeps() {
        // A call that asked for the reader is in the table until answered: the count alone decides. A
        // request whose call has been answered meanwhile is spent; keeping the baton for it would make
        // every later blocking call wait for a hand-off.
        readerWanted = false;
        if (!closed && calls.waiting() > 0) {
            return true;
        }
        holder = null;
        return false;
    }

    /** The connection closed: the reader thread stops waiting and ends. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
