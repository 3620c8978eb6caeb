package org.colo4j.netfilter;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A COLO proxy description is invalid. Carries every error found, not just the first; the message
 * lists them one per line.
 * A {@link org.colo4j.qmp.Colo4jException}, the root of everything colo4j throws.
 *
 * <pre>{@code
 * try { builder.build(); }
 * catch (NetfilterValidationException e) { e.problems().forEach(System.err::println); }
 * }</pre>
 */
public class NetfilterValidationException extends org.colo4j.qmp.Colo4jException {

    private final List<Problem> problems;

    /** @param problems the errors, at least one */
    public NetfilterValidationException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every error found, in the order validation met them. */
    public List<Problem> problems() {
        return problems;
    }

    /** The field paths of {@link #problems()}, handy in tests and logs. */
    public List<String> fields() {
        return problems.stream().map(Problem::field).toList();
    }

    private static String describe(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one problem");
        }
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the COLO proxy:\n"
                + problems.stream().map(p -> "  " + p.field() + ": " + p.message()).collect(Collectors.joining("\n"));
    }
}
