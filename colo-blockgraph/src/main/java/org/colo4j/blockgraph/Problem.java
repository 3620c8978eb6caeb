package org.colo4j.blockgraph;

import java.util.Objects;

/**
 * One thing wrong with a spec: the field it concerns and a message that says what is wrong and how
 * to fix it.
 *
 * <pre>{@code
 * disks[0].secondary.activeImage: must be qcow2, is raw: ... create it with qemu-img create -f qcow2 ...
 * }</pre>
 *
 * @param field path of the field, e.g. {@code disks[0].secondary.hiddenImage} or {@code nbdServer.port}
 * @param message what is wrong and what to do about it
 */
public record Problem(String field, String message) {

    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code field: message}. */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
