package org.colo4j.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a failed HA fault run leaves behind for whoever reads the report: every log of its directory
 * (both QEMUs', replacements', the ZooKeeper relays') and, for each QEMU still alive, the stacks of all
 * its threads ({@code gdb -batch}), which is what tells a hang in QEMU from one in colo4j. Kept under
 * {@code target/ha-fault-evidence/<scenario>-run<N>/} (the module's directory, failsafe's working
 * directory), before the harness kills the processes.
 */
final class RunEvidence {

    static final Path ROOT = Path.of("target", "ha-fault-evidence");

    private RunEvidence() {}

    /** Keeps the evidence of run {@code run} of {@code scenario}; returns where, or null if nothing could be kept. */
    static Path keep(String scenario, int run, FaultPair p) {
        Path to = ROOT.resolve(scenario.replaceAll("[^A-Za-z0-9]+", "-") + "-run" + run);
        try {
            Files.createDirectories(to);
            for (NetnsNode node : p.started()) {
                if (node.isAlive()) {
                    Files.writeString(to.resolve(node.name() + ".stacks.txt"), stacks(node.pid()), StandardCharsets.UTF_8);
                }
            }
            try (Stream<Path> files = Files.list(p.dir())) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            System.out.println("HA fault run: could not keep the evidence in " + to + ": " + e);
            return null;
        }
    }

    private static String stacks(long pid) {
        try {
            Process gdb = new ProcessBuilder("gdb", "-p", Long.toString(pid), "-batch", "-ex", "thread apply all bt")
                    .redirectErrorStream(true).start();
            byte[] out = gdb.getInputStream().readAllBytes();
            if (!gdb.waitFor(60, TimeUnit.SECONDS)) {
                gdb.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "gdb could not run (" + e.getMessage() + "): install gdb for the stacks";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
