package org.colo4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.colo4j.qmp.QemuVersion;

/**
 * The QEMU version each node of a spec is rendered for, and what a pair of two different builds
 * means. A node's version is its own {@link ColoNode#qemuVersion()}, else the spec's
 * {@link ColoPairSpec.Builder#qemuVersion}, else what its machine binary (the node's own machine's,
 * else the shared one's) prints for {@code --version} on this host.
 */
final class PairVersions {

    private PairVersions() {}

    /**
     * The version of the node in {@code role}, or null with a problem: {@code qemuVersion} when the
     * node uses the shared machine, {@code <role>.qemuVersion} when it has its own.
     */
    static QemuVersion resolve(Role role, ColoNode node, QemuVersion specVersion, QemuCommandLine shared,
            List<ColoProblem> problems) {
        if (node.qemuVersion().isPresent()) {
            return node.qemuVersion().get();
        }
        if (specVersion != null) {
            return specVersion;
        }
        boolean own = node.machine().isPresent();
        String field = own ? role.toString() + ".qemuVersion" : "qemuVersion";
        String fix = ": set qemuVersion(QemuVersion.of(major, minor, micro)) to the version of the QEMU that will run "
                + (own ? "this node (on its ColoNode)" : "the pair");
        QemuCommandLine machine = own ? node.machine().get() : shared;
        if (machine == null) {
            add(problems, new ColoProblem(field, "is not set and there is no machine binary to ask" + fix));
            return null;
        }
        QemuBinaryVersion.Probe probe = QemuBinaryVersion.of(machine.binary());
        if (probe.version() == null) {
            add(problems, new ColoProblem(field, "is not set and the machine binary's version could not be probed ("
                    + probe.failure() + ")" + fix + ", or make " + (own ? role.toString() + "." : "") + "machine.binary name"
                    + " a QEMU on this host"));
        }
        return probe.version();
    }

    private static void add(List<ColoProblem> problems, ColoProblem p) {
        if (!problems.contains(p)) {
            problems.add(p); // both nodes on the shared binary fail the same way: say it once
        }
    }

    /**
     * What running two builds means for {@code spec}, when its nodes' versions differ: which parts
     * of the argv and plan differ from what one build would get, return-path, and the unversioned
     * machine type alias. Empty when the versions are the same or render the same.
     */
    static List<ColoProblem> mixedWarnings(ColoPairSpec spec, ColoPairSpec asPrimaryVersion) {
        QemuVersion p = spec.qemuVersion(Role.PRIMARY);
        QemuVersion s = spec.qemuVersion(Role.SECONDARY);
        List<ColoProblem> warnings = new ArrayList<>();
        if (p.equals(s)) {
            return warnings;
        }
        List<String> differs = new ArrayList<>();
        if (!spec.secondaryArgv().equals(asPrimaryVersion.secondaryArgv())) {
            differs.add("the secondary's argv");
        }
        spec.plan().phases().forEach(ph -> {
            ColoPlan.Phase other = asPrimaryVersion.plan().phase(ph.name()).orElse(null);
            if (!Objects.equals(describe(ph), other == null ? null : describe(other))) {
                differs.add("the plan's '" + ph.name() + "'");
            }
        });
        String head = "the secondary '" + spec.secondary().name() + "' runs QEMU " + s + " and the primary '"
                + spec.primary().name() + "' QEMU " + p + ": ";
        if (!differs.isEmpty()) {
            warnings.add(new ColoProblem("secondary.qemuVersion", head + "colo4j renders each node for its own build, so "
                    + String.join(", ", differs) + (differs.size() == 1 ? " differs" : " differ") + " from a pair on one build. COLO has only been run with both"
                    + " nodes on one build; after a failover and resume the roles swap and the migration then runs the"
                    + " other way. Use one QEMU build on both hosts where you can"));
        }
        if (ColoDialect.forVersion(p).requiresReturnPath() != ColoDialect.forVersion(s).requiresReturnPath()) {
            warnings.add(new ColoProblem("secondary.qemuVersion", head + "QEMU " + ColoDialect.RETURN_PATH_REQUIRED_SINCE
                    + " and later refuse x-colo without return-path, while on 7.2.22 and 10.0.13 return-path broke the"
                    + " first checkpoint: the two nodes turn on different migration capabilities, which colo4j has not"
                    + " seen work; run both nodes on builds on the same side of " + ColoDialect.RETURN_PATH_REQUIRED_SINCE));
        }
        for (Role role : Role.values()) {
            String type = spec.machine(role).machine();
            boolean alias = type.equals("pc") || type.equals("q35");
            if (alias && (p.major() != s.major() || p.minor() != s.minor())
                    && (role == Role.PRIMARY || !type.equals(spec.machine(Role.PRIMARY).machine()))) {
                warnings.add(new ColoProblem(role.toString() + ".machine.machine", head + "machine type '" + type
                        + "' is an alias of each build's newest versioned type, so the two nodes emulate different"
                        + " machines and the guest's state may not load on the other: give a versioned type both builds"
                        + " know, e.g. " + (type.equals("pc") ? "pc-i440fx-" : "pc-q35-") + older(p, s).major() + "."
                        + older(p, s).minor()));
            }
        }
        return warnings;
    }

    private static QemuVersion older(QemuVersion a, QemuVersion b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describe(ColoPlan.Phase phase) {
        return phase.steps().stream().map(ColoStep::describe).toList().toString();
    }
}
