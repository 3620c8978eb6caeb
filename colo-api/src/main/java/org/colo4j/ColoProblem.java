package org.colo4j;

import java.util.Objects;

/**
 * One thing wrong with a pair spec: the field it concerns (a path such as
 * {@code disks[0].secondary.hiddenImage} or {@code nics[1].ports.mirror}) and a message saying what
 * is wrong and how to fix it.
 *
 * @param field path of the offending field
 * @param message what is wrong and the fix
 */
public record ColoProblem(String field, String message) {

    public ColoProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
