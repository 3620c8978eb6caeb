package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A member of an object, enum or alternate {@link SchemaInfo}.
 *
 * <p>Object members carry {@code name} and {@code type}; an optional object member has a
 * {@code "default"} member, which QEMU sends as JSON {@code null}, so {@link #defaultValue()} is
 * then a {@code NullNode} and {@link #optional()} is true. Enum members carry only {@code name},
 * alternate members only {@code type}.
 *
 * @param name the member name; nullable (alternates)
 * @param type the member's type name; nullable (enums)
 * @param defaultValue QMP member {@code default}; null when absent (a required member), a
 *     {@code NullNode} when QEMU sent {@code null}
 * @param features e.g. {@code unstable} on {@code x-checkpoint-delay}; nullable
 */
public record SchemaMember(
        String name,
        String type,
        @JsonProperty("default") JsonNode defaultValue,
        List<String> features) {

    public SchemaMember {
        defaultValue = Args.copy(defaultValue);
        features = Args.copy(features);
    }

    /** A copy of the {@code default} member; nullable. */
    @Override
    public JsonNode defaultValue() {
        return Args.copy(defaultValue);
    }

    /** Whether this object member may be left out (the schema gave it a {@code default}). */
    public boolean optional() {
        return defaultValue != null;
    }
}
