package org.colo4j;

import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QemuVersion;

/**
 * Preflight's comparison of the QEMU version a node greets with and the version the spec renders
 * that node for ({@link ColoPairSpec#qemuVersion(Role)}). A difference is refused when rendering the
 * spec for the greeting's version would change the node's argv or any phase of the plan (chardev
 * {@code reconnect} or {@code reconnect-ms}, {@code return-path} with {@code x-colo}, nested or flat
 * {@code object-add}, ...: the dialect rules of {@link ColoDialect}, colo-netfilter and
 * colo-blockgraph); a difference that changes nothing passes, naming both versions.
 */
final class PreflightVersion {

    static final String NAME = "spec's QEMU version";

    private PreflightVersion() {}

    /** The check for the node in {@code role}, whose QMP greeting says {@code live}. */
    static PreflightReport.Check check(ColoPairSpec spec, Role role, QemuVersion live) {
        QemuVersion rendered = spec.qemuVersion(role);
        if (live.equals(rendered)) {
            return new PreflightReport.Check(role, NAME, true, "QEMU " + live + ", the version the spec renders this node for");
        }
        List<String> differs = differences(spec, role, live);
        if (differs.isEmpty()) {
            return new PreflightReport.Check(role, NAME, true, "this node runs QEMU " + live + " and the spec renders it for QEMU "
                    + rendered + ": both versions get the same argv and plan");
        }
        return new PreflightReport.Check(role, NAME, false, "this node runs QEMU " + live + " but the spec renders it for QEMU "
                + rendered + ", and for " + live + " " + String.join("; ", differs) + " would differ. " + fix(spec, role, live));
    }

    /** What rendering the node for {@code live} changes: its argv, phases of the plan; empty if nothing. */
    private static List<String> differences(ColoPairSpec spec, Role role, QemuVersion live) {
        ColoPairSpec asLive;
        try {
            asLive = withVersion(spec, role, live);
        } catch (ColoValidationException e) {
            return List.of("the spec itself (it is not valid for QEMU " + live + ": " + e.getMessage() + ")");
        }
        List<String> out = new ArrayList<>();
        String argv = firstDifference(withOptionNames(spec.argv(role)), withOptionNames(asLive.argv(role)));
        if (argv != null) {
            out.add("its argv (" + argv + ")");
        }
        for (ColoPlan.Phase phase : spec.plan().phases()) {
            List<String> mine = phase.steps().stream().map(ColoStep::describe).toList();
            List<String> theirs = asLive.plan().phase(phase.name()).map(p -> p.steps().stream().map(ColoStep::describe).toList())
                    .orElse(List.of());
            String step = firstDifference(mine, theirs);
            if (step != null) {
                out.add("the plan's '" + phase.name() + "' (" + step + ")");
            }
        }
        return out;
    }

    /** {@code spec} with the node in {@code role} rendered for {@code live} and the other node pinned to its version. */
    private static ColoPairSpec withVersion(ColoPairSpec spec, Role role, QemuVersion live) {
        ColoNode node = spec.node(role).toBuilder().qemuVersion(live).build();
        ColoNode other = spec.node(role.other()).toBuilder().qemuVersion(spec.qemuVersion(role.other())).build();
        ColoPairSpec.Builder b = spec.toBuilder();
        return (role == Role.PRIMARY ? b.primary(node).secondary(other) : b.primary(other).secondary(node)).build();
    }

    /** The argv with each option's value joined to its option ({@code -chardev socket,...}), so a difference names both. */
    private static List<String> withOptionNames(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            boolean valued = a.startsWith("-") && i + 1 < argv.size() && !argv.get(i + 1).startsWith("-");
            out.add(valued ? a + " " + argv.get(++i) : a);
        }
        return out;
    }

    /** The first element that differs, as "{@code a} where it would be {@code b}", or null if the lists are equal. */
    private static String firstDifference(List<String> spec, List<String> live) {
        int n = Math.max(spec.size(), live.size());
        for (int i = 0; i < n; i++) {
            String a = i < spec.size() ? spec.get(i) : null;
            String b = i < live.size() ? live.get(i) : null;
            if (a == null || !a.equals(b)) {
                return (a == null ? "nothing" : "'" + a + "'") + " where it would be " + (b == null ? "nothing" : "'" + b + "'");
            }
        }
        return null;
    }

    /** Which setting renders the spec for {@code live}, in the words of the builders and pair files. */
    private static String fix(ColoPairSpec spec, Role role, QemuVersion live) {
        String of = "QemuVersion.of(" + live.major() + ", " + live.minor() + ", " + live.micro() + ")";
        String onNode = "ColoNode.Builder.qemuVersion(" + of + ") on the " + role + " '" + spec.node(role).name() + "'";
        String onPair = "ColoPairSpec.Builder.qemuVersion(" + of + ")";
        String why;
        String set;
        if (spec.node(role).qemuVersion().isPresent()) {
            why = "The node's own qemuVersion says " + spec.qemuVersion(role) + ".";
            set = "Set " + onNode;
        } else if (spec.givenQemuVersion() != null) {
            why = "The spec's qemuVersion says " + spec.givenQemuVersion() + ".";
            set = "Set " + onPair + " if both nodes run " + live + ", else " + onNode;
        } else {
            why = "The spec took " + spec.qemuVersion(role) + " from '" + spec.machine(role).binary() + " --version' on the host"
                    + " that built it, not from this node's QEMU.";
            set = "Set " + onNode + ", or " + onPair + " if both nodes run " + live;
        }
        return why + " " + set + " (\"qemuVersion\": \"" + live + "\" in a pair file), and start the node with the argv the"
                + " spec then renders";
    }
}
