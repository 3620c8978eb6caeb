package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An edge of {@link XDbgBlockGraph}: the parent uses the child under the role {@code name}
 * (e.g. {@code file}, {@code backing}, {@code children.1}, {@code root}).
 *
 * @param parent the parent vertex id
 * @param child the child vertex id
 * @param name the child's role in the parent
 * @param perm the permissions the parent holds, e.g. {@code consistent-read}, {@code write};
 *     empty if QEMU sent none
 * @param sharedPerm the permissions the parent lets others hold (QMP {@code shared-perm}); empty
 *     if QEMU sent none
 */
public record XDbgBlockGraphEdge(
        long parent,
        long child,
        String name,
        List<String> perm,
        @JsonProperty("shared-perm") List<String> sharedPerm) {

    public XDbgBlockGraphEdge {
        perm = perm == null ? List.of() : List.copyOf(perm);
        sharedPerm = sharedPerm == null ? List.of() : List.copyOf(sharedPerm);
    }
}
