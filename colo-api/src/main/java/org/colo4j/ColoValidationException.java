package org.colo4j;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pair spec (or one of its parts) is invalid. {@link #problems()} lists every problem found, not
 * just the first, each naming the field and the fix; the message lists them one per line.
 */
public class ColoValidationException extends ColoException {

    private final List<ColoProblem> problems;

    public ColoValidationException(String what, List<ColoProblem> problems) {
        super(what + " is invalid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** For subclasses that word the message themselves, e.g. with each problem's place in a file. */
    protected ColoValidationException(List<ColoProblem> problems, String message) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order of the spec's fields. */
    public List<ColoProblem> problems() {
        return problems;
    }
}
