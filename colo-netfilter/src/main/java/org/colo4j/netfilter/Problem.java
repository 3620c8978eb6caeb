package org.colo4j.netfilter;

import java.util.Objects;

/**
 * One finding of validation: where ({@link #field()}), what is wrong and how to fix it
 * ({@link #message()}), and how bad it is ({@link #severity()}).
 *
 * @param severity error (building fails) or warning (reported by {@code warnings()})
 * @param field path of the offending field, e.g. {@code nics[1].ports.mirror} or
 *     {@code secondary.chardevs[red0].port}
 * @param message what is wrong and the fix, in one sentence or two
 */
public record Problem(Severity severity, String field, String message) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** An error at {@code field}. */
    public static Problem error(String field, String message) {
        return new Problem(Severity.ERROR, field, message);
    }

    /** A warning at {@code field}. */
    public static Problem warning(String field, String message) {
        return new Problem(Severity.WARNING, field, message);
    }

    /** Whether this is an {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same problem with {@code prefix} put before its field path ({@code "primary." + field}). */
    Problem under(String prefix) {
        return new Problem(severity, prefix + field, message);
    }

    @Override
    public String toString() {
        return severity + " " + field + ": " + message;
    }
}
