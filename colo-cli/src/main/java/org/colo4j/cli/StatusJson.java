package org.colo4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.colo4j.NodeStatus;
import org.colo4j.Role;

/** A node's status as a JSON object: name, role in the pair file, state word and QEMU's own values. */
final class StatusJson {

    private StatusJson() {}

    static ObjectNode of(Role role, NodeStatus s) {
        ObjectNode o = Json.object();
        o.put("name", s.name());
        o.put("role", role.toString());
        o.put("state", NodeState.of(s).word());
        o.put("reachable", s.reachable());
        o.put("runState", wire(s.runState()));
        o.put("coloMode", wire(s.mode()));
        o.put("lastColoMode", wire(s.lastMode()));
        o.put("exitReason", wire(s.reason()));
        o.put("migration", wire(s.migration()));
        return o;
    }

    static String wire(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
