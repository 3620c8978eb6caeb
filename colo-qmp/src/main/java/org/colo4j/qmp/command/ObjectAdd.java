package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpJson;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code object-add}: creates a QOM object, in the flat form QEMU 6.0 and later take:
 * {@code {"qom-type": ..., "id": ..., <props in insertion order>}}.
 *
 * <p>COLO creates its network proxy this way: {@code filter-mirror}, {@code filter-redirector},
 * {@code filter-rewriter}, {@code iothread} and {@code colo-compare}. COLO-FT.txt:
 * {@code {"execute": "object-add", "arguments": {"qom-type": "filter-mirror", "id": "m0",
 * "insert": "before", "position": "id=rew0", "netdev": "hn0", "queue": "tx", "outdev": "mirror0"}}}
 * (netfilter {@code insert}/{@code position} exist since QEMU 5.0). QEMU before 6.0 wants the
 * properties nested in {@code props}: send {@link #legacy()} there.
 *
 * <pre>{@code
 * ObjectAdd m0 = ObjectAdd.of("filter-mirror", "m0")
 *         .with("netdev", "hn0").with("queue", "tx").with("outdev", "mirror0");
 * }</pre>
 *
 * @param qomType the QOM type (QMP {@code qom-type}), e.g. {@code colo-compare}
 * @param id the object id, used by {@link ObjectDel}
 * @param props the type's properties in rendering order; values are strings, numbers, booleans
 *     or nested maps and lists; copied into an unmodifiable map
 */
public record ObjectAdd(String qomType, String id, Map<String, Object> props) implements QmpCommand<Void> {

    public ObjectAdd {
        Args.text(qomType, "qomType");
        Args.text(id, "id");
        props = copyProps(props);
    }

    /** An object without properties, e.g. {@code ObjectAdd.of("iothread", "iothread1")}. */
    public static ObjectAdd of(String qomType, String id) {
        return new ObjectAdd(qomType, id, Map.of());
    }

    /** A copy with property {@code name} set to {@code value}, appended (or replaced in place). */
    public ObjectAdd with(String name, Object value) {
        Map<String, Object> next = new LinkedHashMap<>(props);
        next.put(name, value);
        return new ObjectAdd(qomType, id, next);
    }

    /** The same object in the nested form QEMU before 6.0 takes. */
    public ObjectAddLegacy legacy() {
        return new ObjectAddLegacy(qomType, id, props);
    }

    /** The flat {@code arguments} object. */
    @JsonValue
    public ObjectNode toArguments() {
        ObjectNode node = QmpJson.mapper().createObjectNode();
        node.put("qom-type", qomType);
        node.put("id", id);
        props.forEach((name, value) -> node.set(name, QmpJson.mapper().valueToTree(value)));
        return node;
    }

    static Map<String, Object> copyProps(Map<String, Object> props) {
        if (props == null) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        props.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("props: property names must not be null or blank");
            }
            if (name.equals("qom-type") || name.equals("id")) {
                throw new IllegalArgumentException("props: \"" + name + "\" is set by the qomType/id components, not a property");
            }
            copy.put(name, Objects.requireNonNull(value, () -> "props." + name + " (leave the property out instead of null)"));
        });
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String commandName() {
        return "object-add";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
