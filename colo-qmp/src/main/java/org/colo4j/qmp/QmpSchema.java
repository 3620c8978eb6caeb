package org.colo4j.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one QEMU build supports, read from {@code query-qmp-schema}. Obtain it with
 * {@link QmpClient#schema()} (cached per connection).
 *
 * <p>QEMU masks most type names in the schema (they are numbers), so questions are asked from the
 * commands that use the types:
 *
 * <pre>{@code
 * QmpSchema schema = qmp.schema();
 * schema.hasCommand("x-colo-lost-heartbeat");       // false if QEMU was built without CONFIG_REPLICATION
 * schema.hasMigrationCapability("x-colo");
 * schema.hasObjectType("colo-compare");              // a qom-type object-add accepts
 * schema.hasBlockDriver("replication");              // a driver blockdev-add accepts
 * schema.hasArgument("migrate-set-parameters", "x-checkpoint-delay");
 * }</pre>
 */
public final class QmpSchema {

    private final Map<String, JsonNode> entities;
    private final Set<String> commands;
    private final Set<String> events;

    private QmpSchema(Map<String, JsonNode> entities, Set<String> commands, Set<String> events) {
        this.entities = entities;
        this.commands = commands;
        this.events = events;
    }

    /**
     * Indexes the raw {@code query-qmp-schema} reply (a JSON array of SchemaInfo).
     *
     * @throws QmpProtocolException if {@code schemaInfoArray} is not a JSON array
     */
    public static QmpSchema of(JsonNode schemaInfoArray) {
        if (schemaInfoArray == null || !schemaInfoArray.isArray()) {
            throw new QmpProtocolException("query-qmp-schema did not return an array: " + schemaInfoArray);
        }
        Map<String, JsonNode> entities = new HashMap<>();
        Set<String> commands = new HashSet<>();
        Set<String> events = new HashSet<>();
        for (JsonNode info : schemaInfoArray) {
            String name = info.path("name").asText();
            entities.put(name, info);
            switch (info.path("meta-type").asText()) {
                case "command" -> commands.add(name);
                case "event" -> events.add(name);
                default -> { }
            }
        }
        return new QmpSchema(entities, Collections.unmodifiableSet(commands), Collections.unmodifiableSet(events));
    }

    /** Every command this QEMU accepts. */
    public Set<String> commands() {
        return commands;
    }

    /** Every event this QEMU can emit. */
    public Set<String> events() {
        return events;
    }

    public boolean hasCommand(String command) {
        return commands.contains(command);
    }

    public boolean hasEvent(String event) {
        return events.contains(event);
    }

    /**
     * The argument names {@code command} accepts, including those of every union variant (so
     * {@code object-add} lists {@code netdev}, {@code queue}, ... of its filter types); empty if the
     * command does not exist.
     */
    public Set<String> arguments(String command) {
        JsonNode cmd = commands.contains(command) ? entities.get(command) : null;
        if (cmd == null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        collectMembers(cmd.path("arg-type").asText(), names, new HashSet<>());
        return Collections.unmodifiableSet(names);
    }

    /** Whether {@code command} accepts an argument named {@code argument}. */
    public boolean hasArgument(String command, String argument) {
        return arguments(command).contains(argument);
    }

    /**
     * The values of an enum reached from {@code command}'s arguments by a dotted path through object
     * members and arrays, e.g. {@code enumValues("migrate-set-capabilities", "capabilities.capability")}.
     * Empty if the path leads nowhere or not to an enum.
     */
    public Set<String> enumValues(String command, String argumentPath) {
        JsonNode cmd = commands.contains(command) ? entities.get(command) : null;
        if (cmd == null) {
            return Set.of();
        }
        String type = cmd.path("arg-type").asText();
        for (String member : argumentPath.split("\\.")) {
            type = memberType(unwrapArray(type), member, new HashSet<>());
            if (type == null) {
                return Set.of();
            }
        }
        JsonNode en = entities.get(unwrapArray(type));
        if (en == null || !"enum".equals(en.path("meta-type").asText())) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>();
        en.path("values").forEach(v -> values.add(v.asText()));
        en.path("members").forEach(m -> values.add(m.path("name").asText()));
        return Collections.unmodifiableSet(values);
    }

    /** Whether {@code object-add} accepts {@code qom-type} (e.g. {@code colo-compare}, {@code filter-rewriter}). */
    public boolean hasObjectType(String qomType) {
        return enumValues("object-add", "qom-type").contains(qomType);
    }

    /** Whether {@code migrate-set-capabilities} knows {@code capability} (e.g. {@code x-colo}). */
    public boolean hasMigrationCapability(String capability) {
        return enumValues("migrate-set-capabilities", "capabilities.capability").contains(capability);
    }

    /** Whether {@code migrate-set-parameters} accepts {@code parameter} (e.g. {@code x-checkpoint-delay}). */
    public boolean hasMigrationParameter(String parameter) {
        return hasArgument("migrate-set-parameters", parameter);
    }

    /** Whether {@code blockdev-add} accepts {@code driver} (e.g. {@code replication}, {@code quorum}). */
    public boolean hasBlockDriver(String driver) {
        return enumValues("blockdev-add", "driver").contains(driver);
    }

    @Override
    public String toString() {
        return "QmpSchema{" + commands.size() + " commands, " + events.size() + " events, " + entities.size() + " entities}";
    }

    private String unwrapArray(String type) {
        JsonNode t = entities.get(type);
        while (t != null && "array".equals(t.path("meta-type").asText())) {
            type = t.path("element-type").asText();
            t = entities.get(type);
        }
        return type;
    }

    private String memberType(String objectType, String member, Set<String> seen) {
        JsonNode t = entities.get(objectType);
        if (t == null || !seen.add(objectType) || !"object".equals(t.path("meta-type").asText())) {
            return null;
        }
        for (JsonNode m : t.path("members")) {
            if (member.equals(m.path("name").asText())) {
                return m.path("type").asText();
            }
        }
        for (JsonNode v : t.path("variants")) {
            String found = memberType(v.path("type").asText(), member, seen);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private void collectMembers(String objectType, Set<String> into, Set<String> seen) {
        JsonNode t = entities.get(objectType);
        if (t == null || !seen.add(objectType) || !"object".equals(t.path("meta-type").asText())) {
            return;
        }
        t.path("members").forEach(m -> into.add(m.path("name").asText()));
        t.path("variants").forEach(v -> collectMembers(v.path("type").asText(), into, seen));
    }
}
