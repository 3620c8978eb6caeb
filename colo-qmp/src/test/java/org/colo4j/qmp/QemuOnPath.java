package org.colo4j.qmp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The skip rule of tests that need a real QEMU: when a tool is not on {@code PATH} the test is
 * skipped with the reason and the install command, unless the system property
 * {@value #REQUIRE_PROPERTY} is {@code true} (as on CI), which turns the skip into a failure.
 *
 * <p>The one copy of this rule for every module's live tests: colo-qmp's test-jar carries it
 * (dependency {@code org.colo4j:colo-qmp:tests}, type {@code test-jar}, scope {@code test}), so
 * colo-blockgraph, colo-netfilter, colo-api and colo-testkit use it without depending on each other.
 *
 * <pre>{@code
 * @Test
 * void failsOverOnRealQemu() {
 *     QemuOnPath.requireQemu();               // qemu-system-x86_64 and qemu-img
 *     ...
 * }
 * }</pre>
 */
public final class QemuOnPath {

    /** The system property that turns a missing QEMU from a skip into a failure. */
    public static final String REQUIRE_PROPERTY = "colo4j.requireQemu";

    /** How to install what these checks look for, on Debian and Ubuntu. */
    public static final String INSTALL_HINT = "apt-get install qemu-system-x86 qemu-utils";

    private QemuOnPath() {}

    /**
     * Requires {@code qemu-system-x86_64} and {@code qemu-img}.
     *
     * @throws org.opentest4j.TestAbortedException (a skip) if one is missing
     * @throws org.opentest4j.AssertionFailedError instead, under {@code -Dcolo4j.requireQemu=true}
     */
    public static void requireQemu() {
        require("qemu-system-x86_64");
        require("qemu-img");
    }

    /**
     * Requires {@code tool} on {@code PATH}.
     *
     * @param tool an executable's name, e.g. {@code qemu-img}
     * @return its path
     * @throws org.opentest4j.TestAbortedException (a skip) if it is missing
     * @throws org.opentest4j.AssertionFailedError instead, under {@code -Dcolo4j.requireQemu=true}
     */
    public static Path require(String tool) {
        Optional<Path> found = find(tool);
        if (found.isPresent()) {
            return found.get();
        }
        String reason = tool + " not on PATH: " + INSTALL_HINT;
        if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
            fail(reason + " (" + REQUIRE_PROPERTY + "=true, so this is a failure, not a skip)");
        }
        return Assumptions.abort(reason);
    }

    /**
     * The executable {@code tool} on {@code PATH}, if any.
     *
     * @param tool an executable's name
     * @return its path, or empty
     */
    public static Optional<Path> find(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
