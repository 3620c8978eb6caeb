package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a {@link SchemaInfo} entry of {@code query-qmp-schema} describes.
 *
 * <p>A value this version of colo4j does not know decodes to {@link #UNKNOWN}.
 */
public enum SchemaMetaType {

    /** A built-in type such as {@code str} or {@code int}. */
    @JsonProperty("builtin")
    BUILTIN("builtin"),

    /** An enumeration. */
    @JsonProperty("enum")
    ENUM("enum"),

    /** An array type. */
    @JsonProperty("array")
    ARRAY("array"),

    /** An object type. */
    @JsonProperty("object")
    OBJECT("object"),

    /** An alternate type. */
    @JsonProperty("alternate")
    ALTERNATE("alternate"),

    /** A command. */
    @JsonProperty("command")
    COMMAND("command"),

    /** An event. */
    @JsonProperty("event")
    EVENT("event"),

    /** A value QEMU sent that this version of colo4j does not know. */
    @JsonEnumDefaultValue
    UNKNOWN(null);

    private final String wireName;

    SchemaMetaType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as QEMU spells it, e.g. {@code "builtin"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for {@code wireName}; {@link #UNKNOWN} for null or an unknown value. */
    public static SchemaMetaType fromWire(String wireName) {
        for (SchemaMetaType value : values()) {
            if (value.wireName != null && value.wireName.equals(wireName)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
