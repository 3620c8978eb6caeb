package org.colo4j;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@link ColoPair#preflight()} found on both nodes, without changing anything: QEMU versions,
 * the COLO features in each QEMU's schema, the live disk sizes and the run states.
 *
 * @param checks every check, in the order they ran
 */
public record PreflightReport(List<Check> checks) {

    /**
     * One check.
     *
     * @param node the node checked, or null for a check across both
     * @param name what was checked, e.g. {@code x-colo capability}
     * @param passed whether it passed
     * @param detail what was found, and on failure what to do
     */
    public record Check(Role node, String name, boolean passed, String detail) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return (passed ? "ok   " : "FAIL ") + (node == null ? "pair" : node.toString()) + ": " + name + ": " + detail;
        }
    }

    public PreflightReport {
        checks = List.copyOf(checks);
    }

    /** Whether every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The checks that failed. */
    public List<Check> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    @Override
    public String toString() {
        return "preflight " + (passed() ? "passed" : "FAILED") + "\n"
                + checks.stream().map(Check::toString).collect(Collectors.joining("\n"));
    }
}
