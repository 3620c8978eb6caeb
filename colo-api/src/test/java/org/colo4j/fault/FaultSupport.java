package org.colo4j.fault;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.colo4j.qmp.QemuOnPath;
import org.junit.jupiter.api.Assumptions;

/**
 * What the fault suite needs of the host, checked before each run: QEMU and qemu-img (skip, or fail
 * under {@code -Dcolo4j.requireQemu=true}), root (skip with the reason: network namespaces need it;
 * CI runs as root), {@code ip} that can create namespaces (skip, or fail under
 * {@code -Dcolo4j.requireQemu=true}) and a usable {@code /dev/kvm} (skip with the reason: COLO
 * checkpoints need KVM on QEMU 7.2).
 */
final class FaultSupport {

    private static volatile String namespaceProblem;
    private static volatile boolean namespacesChecked;

    private FaultSupport() {}

    /** Skips (or fails, see the class comment) unless namespaces and KVM-backed QEMU pairs can run here. */
    static void requireNamespacesAndKvm() {
        QemuOnPath.requireQemu();
        requireNamespaces();
        Assumptions.assumeTrue(kvmUsable(), "/dev/kvm is not usable: COLO checkpoints need KVM (QEMU 7.2 deadlocks at"
                + " the first checkpoint under TCG), so the fault scenarios cannot run here");
    }

    /** Skips (or fails, see the class comment) unless this JVM can make network namespaces. */
    static void requireNamespaces() {
        long uid = uid();
        Assumptions.assumeTrue(uid == 0, "the fault suite makes network namespaces and veth pairs, which needs root;"
                + " this JVM runs as uid " + uid + " (CI runs as root)");
        String problem = namespaceProblem();
        if (problem != null) {
            String reason = "cannot create a network namespace here: " + problem;
            if (Boolean.getBoolean(QemuOnPath.REQUIRE_PROPERTY)) {
                throw new AssertionError(reason + " (" + QemuOnPath.REQUIRE_PROPERTY + "=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(reason);
        }
    }

    /** Whether /dev/kvm can be opened for reading and writing. */
    static boolean kvmUsable() {
        File kvm = new File("/dev/kvm");
        return kvm.exists() && kvm.canRead() && kvm.canWrite();
    }

    /** This process's real uid, from /proc/self/status; -1 if it cannot be read. */
    static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Null if a namespace can be made and removed here, else what went wrong (checked once per JVM). */
    private static String namespaceProblem() {
        if (!namespacesChecked) {
            synchronized (FaultSupport.class) {
                if (!namespacesChecked) {
                    Cleanup.sweepStale();
                    String name = Cleanup.uniqueStem() + "-probe";
                    Ip.Result add = Ip.tryRun(List.of("ip", "netns", "add", name));
                    Ip.tryRun(List.of("ip", "netns", "del", name));
                    namespaceProblem = add.exit() == 0 ? null : "ip netns add: " + add.output().strip()
                            + " (iproute2's ip is needed: apt-get install iproute2)";
                    namespacesChecked = true;
                }
            }
        }
        return namespaceProblem;
    }
}
