package org.colo4j.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the harness creates on the host (QEMU processes, network namespaces) is registered
 * here with the action that removes it. The owner removes it in its {@code close()}; what is still
 * registered when the JVM exits is removed by one shutdown hook, newest first. Namespaces left by a
 * JVM that was killed outright (no hook ran) carry its pid in their name and are removed by the
 * next run's {@link #sweepStale()}.
 */
final class Cleanup {

    /** Prefix of every namespace the harness creates: {@code colo4j-<jvm pid>-<n>-p} and {@code -s} (and {@code -z}, colo-ha-zookeeper's ZooKeeper namespace). */
    static final String PREFIX = "colo4j-";

    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+-(p|s|z|probe)");
    private static final Map<Long, Entry> PENDING = new LinkedHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final AtomicLong NAMES = new AtomicLong();
    private static boolean hooked;
    private static boolean swept;

    private Cleanup() {}

    /** A unique name stem for this run's namespaces: {@code colo4j-<pid>-<n>}. */
    static String uniqueStem() {
        return PREFIX + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    /**
     * Registers {@code action}, which removes {@code what}. Run the returned handle to remove it now
     * (it then leaves the registry; running it again does nothing).
     */
    static synchronized Handle register(String what, Runnable action) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::runAll, "colo4j-fault-cleanup"));
            hooked = true;
        }
        long id = IDS.incrementAndGet();
        PENDING.put(id, new Entry(what, action));
        return () -> runOne(id);
    }

    /**
     * Once per JVM: removes namespaces named by this harness whose JVM is gone (it was killed before
     * its shutdown hook could run), after killing, by pid, the processes still inside them.
     */
    static synchronized void sweepStale() {
        if (swept) {
            return;
        }
        swept = true;
        sweepStaleNow();
    }

    /** {@link #sweepStale()} again, whether or not this JVM has swept already. */
    static synchronized void sweepStaleNow() {
        Ip.Result list = Ip.tryRun(List.of("ip", "netns", "list"));
        if (list.exit() != 0) {
            return;
        }
        for (String line : list.output().split("\n")) {
            String name = line.split(" ")[0].strip();
            Matcher m = OURS.matcher(name);
            if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                continue;
            }
            Ip.Result pids = Ip.tryRun(List.of("ip", "netns", "pids", name));
            for (String pid : pids.output().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Ip.tryRun(List.of("ip", "netns", "del", name));
            System.err.println("colo4j fault harness: removed stale namespace " + name + " left by a JVM that is gone");
        }
    }

    private static void runOne(long id) {
        Entry e;
        synchronized (Cleanup.class) {
            e = PENDING.remove(id);
        }
        if (e != null) {
            e.action().run();
        }
    }

    private static void runAll() {
        List<Entry> left;
        synchronized (Cleanup.class) {
            left = new ArrayList<>(PENDING.values());
            PENDING.clear();
        }
        for (int i = left.size() - 1; i >= 0; i--) {
            Entry e = left.get(i);
            try {
                e.action().run();
                System.err.println("colo4j fault harness: removed at JVM exit: " + e.what());
            } catch (RuntimeException ex) {
                System.err.println("colo4j fault harness: could not remove " + e.what() + ": " + ex.getMessage());
            }
        }
    }

    /** Removes one registered thing now. */
    interface Handle extends Runnable {}

    private record Entry(String what, Runnable action) {}
}
