package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.MigrationStatus;

/**
 * {@code query-yank} and {@code yank} in the COLO model, the two commands QEMU runs out of band. The
 * instances are what QEMU registers: one {@code block-node} per NBD client node, one {@code chardev}
 * per socket chardev, and {@code migration} while a migration (COLO included) runs. Yanking the
 * migration of a node in COLO breaks its replication stream as a lost peer does (a secondary
 * reports {@code COLO_EXIT} at once, a primary at its next checkpoint, and so does the peer);
 * yanking a block node or a chardev is accepted and changes nothing the model shows.
 */
final class Yanks {

    /** The commands this model answers out of band, as QEMU's schema marks them {@code allow-oob}. */
    static final Set<String> OUT_OF_BAND = Set.of("yank", "query-yank");

    private static final Set<MigrationStatus> REGISTERED = Set.of(MigrationStatus.SETUP, MigrationStatus.ACTIVE,
            MigrationStatus.COLO);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Yanks() {}

    static ArrayNode query(ColoNodeModel m) {
        ArrayNode out = JSON.arrayNode();
        for (String name : m.block.nodeNames()) {
            if ("nbd".equals(m.block.node(name).driver)) {
                out.addObject().put("type", "block-node").put("node-name", name);
            }
        }
        for (QomLayer.Chardev c : m.qom.chardevList()) {
            if ("socket".equals(c.type())) {
                out.addObject().put("type", "chardev").put("id", c.id());
            }
        }
        if (m.migration != null && REGISTERED.contains(m.migration)) {
            out.addObject().put("type", "migration");
        }
        return out;
    }

    static void yank(ColoNodeModel m, ObjectNode args, Effects fx) {
        ArgCheck.only(args, "instances");
        JsonNode instances = ArgCheck.array(args, "instances");
        List<JsonNode> registered = new ArrayList<>();
        query(m).forEach(registered::add);
        boolean migration = false;
        for (JsonNode i : instances) {
            if (!registered.contains(i)) {
                throw QmpError.of("DeviceNotFound", "Instance not found");
            }
            migration |= "migration".equals(i.path("type").asText());
        }
        if (migration) {
            breakReplication(m, fx);
        }
    }

    private static void breakReplication(ColoNodeModel m, Effects fx) {
        ColoNodeModel p = m.peerModel();
        for (ColoNodeModel n : p == null || !p.alive ? List.of(m) : List.of(m, p)) {
            if (!n.inColoUnbroken()) {
                continue;
            }
            if (n.mode == ColoMode.SECONDARY) {
                n.peerLost(fx);
            } else {
                n.linkBroken = true;
                n.peerLeftAlive = false;
            }
        }
    }
}
