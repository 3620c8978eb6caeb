package org.colo4j.blockgraph;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec would not work. Holds every problem found, not just the first; the message lists them one
 * per line.
 *
 * <pre>{@code
 * try {
 *     BlockReplication.builder()...build();
 * } catch (BlockGraphValidationException e) {
 *     e.problems().forEach(System.err::println);
 * }
 * }</pre>
 */
public class BlockGraphValidationException extends BlockGraphException {

    private final List<Problem> problems;

    /**
     * @param what what was being validated, e.g. {@code "BlockReplication"}; the message starts
     *     with {@code "Invalid " + what}
     * @param problems at least one problem
     */
    public BlockGraphValidationException(String what, List<Problem> problems) {
        super(render(what, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order the fields were checked. */
    public List<Problem> problems() {
        return problems;
    }

    /** The fields named by {@link #problems()}, in order, duplicates kept. */
    public List<String> fields() {
        return problems.stream().map(Problem::field).toList();
    }

    private static String render(String what, List<Problem> problems) {
        return "Invalid " + what + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
