package org.colo4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A pair file could not be read or written: its syntax, an unknown or mistyped field, or a value
 * the spec's validation refuses. Every problem is {@linkplain #located() located}: the field's path
 * in the file (as {@link ColoProblem#field()}, e.g. {@code secondary.nbdPort} or
 * {@code disks[0].hiddenImage}), its line and column, and the message with the fix; the exception's
 * message lists them one per line as {@code file:line:column: field: message}.
 *
 * <pre>{@code
 * try {
 *     ColoPairSpec spec = ColoPairSpec.read(Path.of("/etc/colo/pair.yaml"));
 * } catch (PairFileException e) {
 *     System.err.println(e.getMessage());   // /etc/colo/pair.yaml:14:13: secondary.nbdPort: must be 1-65535, got 0
 * }
 * }</pre>
 */
public final class PairFileException extends ColoValidationException {

    /**
     * One problem and where it is in the file.
     *
     * @param problem the field path and the message with its fix
     * @param line 1-based line, or 0 when the problem concerns the whole file (e.g. it cannot be read)
     * @param column 1-based column, or 0 with line 0
     */
    public record Located(ColoProblem problem, int line, int column) {

        public Located {
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String toString() {
            return (line == 0 ? "" : line + ":" + column + ": ") + problem;
        }
    }

    private final Path file;
    private final List<Located> located;

    PairFileException(Path file, List<Located> located) {
        super(located.stream().map(Located::problem).toList(), message(file, located));
        this.file = file;
        this.located = List.copyOf(located);
    }

    /** One problem concerning the whole file, e.g. it cannot be read or has an unknown extension. */
    static PairFileException of(Path file, String field, String message) {
        return new PairFileException(file, List.of(new Located(new ColoProblem(field, message), 0, 0)));
    }

    private static String message(Path file, List<Located> located) {
        return "pair file " + file + " is invalid (" + located.size() + " problem" + (located.size() == 1 ? "" : "s")
                + "):\n" + located.stream().map(l -> "  - " + file + (l.line() == 0 ? ": " : ":") + l).collect(Collectors.joining("\n"));
    }

    /** The pair file. */
    public Path file() {
        return file;
    }

    /** The line of the first problem (1-based), or 0 when it concerns the whole file. */
    public int line() {
        return located.get(0).line();
    }

    /** The column of the first problem (1-based), or 0 when it concerns the whole file. */
    public int column() {
        return located.get(0).column();
    }

    /** Every problem with its line and column, in the order of the file. */
    public List<Located> located() {
        return located;
    }
}
