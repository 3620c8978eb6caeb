package org.colo4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.colo4j.QemuLauncher;

/**
 * Every process the benchmark starts, so that each is stopped by its pid: when its figure is done, and
 * by a shutdown hook if the benchmark is interrupted.
 */
final class Processes {

    private static final List<QemuLauncher> QEMUS = new ArrayList<>();
    private static final List<Process> JVMS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::stopAll, "benchmarks-stop-processes"));
    }

    private Processes() {}

    static synchronized QemuLauncher track(QemuLauncher launcher) {
        QEMUS.add(launcher);
        return launcher;
    }

    static synchronized Process track(Process process) {
        JVMS.add(process);
        return process;
    }

    /** Stops one QEMU (SIGTERM, then SIGKILL after 5 s) and forgets it. */
    static void stop(QemuLauncher launcher) {
        if (launcher == null) {
            return;
        }
        launcher.close();
        synchronized (Processes.class) {
            QEMUS.remove(launcher);
        }
    }

    /** Kills one child JVM by its pid and waits briefly for it. */
    static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (Processes.class) {
            JVMS.remove(process);
        }
    }

    static void stopAll() {
        List<QemuLauncher> qemus;
        List<Process> jvms;
        synchronized (Processes.class) {
            qemus = new ArrayList<>(QEMUS);
            jvms = new ArrayList<>(JVMS);
            QEMUS.clear();
            JVMS.clear();
        }
        for (Process p : jvms) {
            p.destroyForcibly();
        }
        for (QemuLauncher q : qemus) {
            if (q.isAlive()) {
                q.kill();
            }
        }
        for (Process p : jvms) {
            try {
                p.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
