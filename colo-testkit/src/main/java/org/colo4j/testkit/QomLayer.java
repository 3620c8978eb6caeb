package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The QOM objects, chardevs and netdevs of a fake QEMU, with QEMU 7.2's error messages. Guarded by
 * the COLO model's lock.
 */
final class QomLayer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> CHARDEV_PROPERTIES = Set.of("indev", "outdev", "primary_in", "secondary_in",
            "chardev", "notify_dev");

    /** A QOM object created by -object or object-add. */
    record QomObject(String id, String qomType, ObjectNode props) {}

    /** A chardev: a socket ({@code host:port}, server or client) or another backend type. */
    record Chardev(String id, String type, String host, String port, boolean server) {}

    private final LinkedHashMap<String, QomObject> objects = new LinkedHashMap<>();
    private final LinkedHashMap<String, Chardev> chardevs = new LinkedHashMap<>();
    private final Set<String> netdevs = new LinkedHashSet<>();
    private int ptys;

    // ------------------------------------------------------------------ construction (the argv)

    void netdev(String id) {
        netdevs.add(id);
    }

    void putChardev(Chardev c) {
        chardevs.put(c.id(), c);
    }

    void putObject(String id, String qomType, Map<String, String> props) {
        ObjectNode p = JSON.objectNode();
        props.forEach(p::put);
        objects.put(id, new QomObject(id, qomType, p));
    }

    // ------------------------------------------------------------------ commands

    /** {@code object-add} (flat form, QEMU 6.0+). */
    void objectAdd(ObjectNode args) {
        String qomType = ArgCheck.string(args, "qom-type");
        String id = ArgCheck.string(args, "id");
        if (args.has("props")) {
            throw QmpError.generic("Parameter 'props' is unexpected");
        }
        if (objects.containsKey(id)) {
            throw QmpError.generic("attempt to add duplicate property '" + id + "' to object (type 'container')");
        }
        ObjectNode props = args.deepCopy();
        props.remove("qom-type");
        props.remove("id");
        if (qomType.startsWith("filter-")) {
            if (!props.has("netdev")) {
                throw QmpError.generic("Parameter 'netdev' is missing");
            }
            if (!netdevs.contains(props.get("netdev").asText())) {
                throw QmpError.generic("Parameter 'netdev' expects a network backend id");
            }
            if (props.has("position") && !props.get("position").asText().equals("head")
                    && !props.get("position").asText().equals("tail")) {
                String pos = props.get("position").asText();
                String target = pos.startsWith("id=") ? pos.substring(3) : null;
                if (target == null) {
                    throw QmpError.generic("Parameter 'position' expects 'head', 'tail' or 'id=<id>'");
                }
                if (!objects.containsKey(target)) {
                    throw QmpError.generic("filter '" + target + "' not found");
                }
            }
        }
        if (qomType.equals("colo-compare")) {
            for (String p : List.of("primary_in", "secondary_in", "outdev", "iothread")) {
                if (!props.has(p)) {
                    throw QmpError.generic("colo compare needs 'primary_in' ,'secondary_in','outdev', 'iothread' property set");
                }
            }
        }
        objects.put(id, new QomObject(id, qomType, props));
    }

    /** {@code object-del}. */
    void objectDel(String id) {
        if (objects.remove(id) == null) {
            throw QmpError.generic("object '" + id + "' not found");
        }
    }

    /** {@code chardev-add}; returns the reply ({@code {}}, or {@code {"pty": ...}} for a pty). */
    ObjectNode chardevAdd(ObjectNode args) {
        String id = ArgCheck.string(args, "id");
        ObjectNode backend = ArgCheck.object(args, "backend");
        String type = ArgCheck.string(backend, "type");
        if (chardevs.containsKey(id)) {
            throw QmpError.generic("Chardev with id '" + id + "' already exists");
        }
        JsonNode data = backend.path("data");
        ObjectNode reply = JSON.objectNode();
        if (type.equals("socket")) {
            JsonNode addr = data.path("addr");
            JsonNode inet = addr.path("data");
            boolean server = data.path("server").asBoolean(true);
            chardevs.put(id, new Chardev(id, "socket", inet.path("host").asText(inet.path("path").asText("")),
                    inet.path("port").asText(""), server));
        } else {
            if (type.equals("pty")) {
                reply.put("pty", "/dev/pts/" + ptys++);
            }
            chardevs.put(id, new Chardev(id, type, null, null, false));
        }
        return reply;
    }

    /** {@code chardev-remove}. */
    void chardevRemove(String id) {
        if (!chardevs.containsKey(id)) {
            throw QmpError.generic("Chardev '" + id + "' not found");
        }
        if (isUsed(id)) {
            throw QmpError.generic("Chardev '" + id + "' is busy");
        }
        chardevs.remove(id);
    }

    private boolean isUsed(String chardev) {
        for (QomObject o : objects.values()) {
            Iterator<Map.Entry<String, JsonNode>> it = o.props().properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> p = it.next();
                if (CHARDEV_PROPERTIES.contains(p.getKey()) && p.getValue().asText().equals(chardev)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ state

    List<String> objectIds() {
        return List.copyOf(objects.keySet());
    }

    List<String> chardevIds() {
        return List.copyOf(chardevs.keySet());
    }

    List<Chardev> chardevList() {
        return List.copyOf(chardevs.values());
    }

    /**
     * {@code query-chardev}; {@code connected} says whether a socket chardev has its peer.
     */
    ArrayNode queryChardev(Predicate<Chardev> connected) {
        ArrayNode out = JSON.arrayNode();
        for (Chardev c : chardevs.values()) {
            ObjectNode info = JSON.objectNode();
            info.put("frontend-open", isUsed(c.id()));
            info.put("filename", filename(c, connected.test(c)));
            info.put("label", c.id());
            out.add(info);
        }
        return out;
    }

    private static String filename(Chardev c, boolean connected) {
        if (!c.type().equals("socket")) {
            return c.type();
        }
        String addr = "tcp:" + c.host() + ":" + c.port() + (c.server() ? ",server=on" : "");
        return connected ? addr + " <-> " + (c.server() ? "127.0.0.1:40000" : c.host() + ":" + c.port())
                : "disconnected:" + addr;
    }
}
