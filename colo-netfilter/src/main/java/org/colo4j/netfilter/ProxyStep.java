package org.colo4j.netfilter;

import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpJson;

/**
 * One QMP command of a {@link ProxyPlan}, with what it does and, for teardown steps, how to tell
 * "already gone" from a real failure.
 *
 * @param command the typed command
 * @param purpose what the step does, e.g. {@code remove colo-compare comp0}
 * @param target id of the object or chardev the step removes, or {@code null} when the step adds
 *     something; a removal whose target is already gone counts as done (see {@link #isAlreadyDone})
 */
public record ProxyStep(QmpCommand<?> command, String purpose, String target) {

    public ProxyStep {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(purpose, "purpose");
    }

    /** Whether this step removes something (and is therefore idempotent). */
    public boolean isTeardown() {
        return target != null;
    }

    /**
     * Whether {@code error} only says that this removal's target is already gone, as QEMU 7.2 says it:
     * {@code GenericError "object 'comp0' not found"} for {@code object-del} and
     * {@code GenericError "Chardev 'red0' not found"} for {@code chardev-remove}.
     */
    public boolean isAlreadyDone(QmpErrorResponseException error) {
        if (target == null || !"GenericError".equals(error.errorClass())) {
            return false;
        }
        String d = error.description();
        return d.equals("object '" + target + "' not found") || d.equals("Chardev '" + target + "' not found");
    }

    /** The command as one line of JSON, as in COLO-FT.txt. */
    public String json() {
        return QmpJson.toJson(command);
    }

    @Override
    public String toString() {
        return purpose + ": " + json();
    }
}
