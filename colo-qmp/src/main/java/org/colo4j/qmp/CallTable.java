package org.colo4j.qmp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The calls of one connection that wait for a reply, by id.
 *
 * <p>Each new call gets the smallest id that is free, so ids stay one to three digits long on the
 * wire: QEMU reads QMP input one byte per {@code read}, so every digit is a system call in QEMU.
 * An id becomes free when its reply arrives. The id of a call that timed out is not handed out
 * again until its late reply arrives (QEMU answers every command exactly once, however late), so a
 * late reply can never be taken for the answer to a newer call.
 *
 * <p>Every method is synchronized; none runs foreign code under the lock (futures are completed by
 * the caller, after the method returns).
 */
final class CallTable {

    /** What {@link #claim} returns for the late reply of a call that timed out. */
    static final PendingCall<?> LATE = new PendingCall<>("execute", "(timed out)", null, null, Duration.ZERO);

    /** Marks the slot of a call that timed out and whose late reply has not arrived yet. */
    private static final PendingCall<?> EXPIRED = new PendingCall<>("execute", "(expired)", null, null, Duration.ZERO);
    private static final int MAX_ID = Integer.MAX_VALUE - 16;

    /** Slot {@code i} holds the call with id {@code i}; slot 0 is never used (ids start at 1). */
    private PendingCall<?>[] slots = new PendingCall<?>[32];
    /** No slot below this index is free. */
    private int lowestFree = 1;
    /** Slots holding a call that waits (expired ones not counted). */
    private int live;

    /** Stores {@code call} under the smallest free id and returns that id. */
    synchronized int add(PendingCall<?> call) {
        int id = lowestFree;
        while (id < slots.length && slots[id] != null) {
            id++;
        }
        if (id == slots.length) {
            if (id >= MAX_ID) {
                throw new QmpException("more than " + MAX_ID + " calls are waiting for QEMU on one connection");
            }
            slots = Arrays.copyOf(slots, (int) Math.min((long) slots.length * 2, MAX_ID));
        }
        slots[id] = call;
        lowestFree = id + 1;
        live++;
        return id;
    }

    /**
     * Takes the call that a reply with {@code id} answers and frees its id.
     *
     * @return the call; {@link #LATE} for the late reply to a call that timed out; null when no call
     *     has this id (QEMU answered a command this client did not send, or answered twice)
     */
    synchronized PendingCall<?> claim(long id) {
        if (id <= 0 || id >= slots.length || slots[(int) id] == null) {
            return null;
        }
        PendingCall<?> call = slots[(int) id];
        free((int) id);
        if (call == EXPIRED) {
            return LATE;
        }
        live--;
        return call;
    }

    /**
     * Frees the id of a call that timed out before any of its command was sent: no late reply will
     * come for it. Does nothing unless {@code id} is marked expired.
     */
    synchronized void releaseExpired(int id) {
        if (id > 0 && id < slots.length && slots[id] == EXPIRED) {
            free(id);
        }
    }

    /** Removes {@code call} if {@code id} still holds it (the connection closed while it was sent). */
    synchronized boolean remove(int id, PendingCall<?> call) {
        if (id < slots.length && slots[id] == call) {
            free(id);
            live--;
            return true;
        }
        return false;
    }

    /**
     * Marks every call whose deadline has passed at {@code now} as expired (its id stays taken until
     * its late reply arrives).
     *
     * @return the calls that just expired, and the earliest deadline among the calls still waiting
     */
    synchronized Sweep expireDue(long now) {
        List<PendingCall<?>> expired = new ArrayList<>(0);
        boolean waiting = false;
        long earliest = 0;
        for (int id = 1; id < slots.length; id++) {
            PendingCall<?> call = slots[id];
            if (call == null || call == EXPIRED) {
                continue;
            }
            if (call.deadline - now <= 0) {
                slots[id] = EXPIRED;
                live--;
                expired.add(call);
            } else if (!waiting || call.deadline - earliest < 0) {
                earliest = call.deadline;
                waiting = true;
            }
        }
        return new Sweep(expired, waiting, earliest);
    }

    /** What a deadline sweep found: the calls that just expired, and the earliest deadline still pending. */
    record Sweep(List<PendingCall<?>> expired, boolean waiting, long earliestDeadline) {}

    /** Removes and returns every waiting call that matches {@code which}; expired slots are left alone. */
    synchronized List<PendingCall<?>> removeIf(Predicate<PendingCall<?>> which) {
        List<PendingCall<?>> removed = new ArrayList<>(0);
        for (int id = 1; id < slots.length; id++) {
            PendingCall<?> call = slots[id];
            if (call != null && call != EXPIRED && which.test(call)) {
                removed.add(call);
                free(id);
                live--;
            }
        }
        return removed;
    }

    /** The number of calls waiting for a reply, expired ones not counted. */
    synchronized int waiting() {
        return live;
    }

    private void free(int id) {
        slots[id] = null;
        if (id < lowestFree) {
            lowestFree = id;
        }
    }
}
