package org.colo4j;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.colo4j.qmp.QemuVersion;

/**
 * The version of a QEMU binary on this host, from {@code <binary> --version}, probed once per
 * binary name or path (as {@link QemuCommandLine#binary()} gives it: a name is looked up on PATH)
 * and cached for the life of the class, failures included (an interrupted probe is not cached).
 */
final class QemuBinaryVersion {

    /** How long {@code --version} may take before the probe gives up. */
    private static final long TIMEOUT_SECONDS = 20;

    private static final ConcurrentMap<String, Probe> CACHE = new ConcurrentHashMap<>();

    /**
     * One probe's outcome.
     *
     * @param version the version, or null when the probe failed
     * @param failure why the probe failed, or null when it succeeded
     */
    record Probe(QemuVersion version, String failure) {}

    private QemuBinaryVersion() {}

    /** {@code binary}'s version, probing it on the first call for that binary. */
    static Probe of(String binary) {
        Objects.requireNonNull(binary, "binary");
        Probe known = CACHE.get(binary);
        if (known != null) {
            return known;
        }
        Probe fresh = probe(binary);
        if (Thread.currentThread().isInterrupted()) {
            return fresh; // not cached: an interrupted probe says nothing about the binary
        }
        Probe raced = CACHE.putIfAbsent(binary, fresh);
        return raced != null ? raced : fresh;
    }

    private static Probe probe(String binary) {
        Process p;
        try {
            p = new ProcessBuilder(binary, "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return new Probe(null, "'" + binary + " --version' could not be run: " + e.getMessage());
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Probe(null, "'" + binary + " --version' did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String first = out.lines().findFirst().orElse("").strip();
            if (p.exitValue() != 0 || !first.contains("version")) {
                return new Probe(null, "'" + binary + " --version' exited " + p.exitValue() + " saying '" + first + "'");
            }
            return new Probe(QemuVersion.parse(first.substring(first.indexOf("version"))), null);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Probe(null, "interrupted while waiting for '" + binary + " --version'");
        } catch (IOException | IllegalArgumentException e) {
            return new Probe(null, "'" + binary + " --version' gave no version: " + e.getMessage());
        }
    }
}
