package org.colo4j.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.colo4j.qmp.QemuOnPath;
import org.junit.jupiter.api.Assumptions;

/**
 * The skip rule of the live tests that need Pacemaker's and resource-agents' tools (ocf-tester,
 * xmllint, pcs, crm_verify): a missing tool skips the test with the reason and the Debian install
 * command, or fails it under {@code -Dcolo4j.requireQemu=true} (CI installs them, {@code .ci/run}).
 * Looks on {@code PATH} and in {@code /usr/sbin} and {@code /sbin}, where Debian puts ocf-tester
 * and pcs (not on a plain user's PATH).
 */
final class ClusterTools {

    /** What {@link OcfTesterIT} needs: ocf-tester and, for its meta-data check, xmllint. */
    static final String OCF_TESTER_HINT = "apt-get install -y --no-install-recommends resource-agents libxml2-utils";

    /** What {@link PacemakerConfigIT} needs: pcs, cibadmin and crm_verify, and the README's fence agent. */
    static final String PCS_HINT = "apt-get install -y --no-install-recommends pcs pacemaker-cli-utils fence-agents";

    private ClusterTools() {}

    /** The tool's path; a skip (or, under colo4j.requireQemu, a failure) naming {@code hint} if missing. */
    static Path require(String tool, String hint) {
        Optional<Path> found = find(tool);
        if (found.isPresent()) {
            return found.get();
        }
        return missing(tool + " is not installed (looked on PATH, /usr/sbin, /sbin): " + hint);
    }

    /** A skip with {@code reason}, or a failure under {@code -Dcolo4j.requireQemu=true}. */
    static <T> T missing(String reason) {
        if (Boolean.getBoolean(QemuOnPath.REQUIRE_PROPERTY)) {
            fail(reason + " (" + QemuOnPath.REQUIRE_PROPERTY + "=true, so this is a failure, not a skip)");
        }
        return Assumptions.abort(reason);
    }

    static Optional<Path> find(String tool) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
