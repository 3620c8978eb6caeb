package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The COLO role of a node, as {@code query-colo-status} and the {@code COLO_EXIT} event report it.
 *
 * <p>Exists only when QEMU was built with {@code CONFIG_REPLICATION} (query-colo-status since 3.1).
 *
 * <p>A value this version of colo4j does not know decodes to {@link #UNKNOWN}.
 */
public enum ColoMode {

    /** Not in COLO: never was, or already failed over. */
    @JsonProperty("none")
    NONE("none"),

    /** The primary: runs the guest, sends checkpoints. */
    @JsonProperty("primary")
    PRIMARY("primary"),

    /** The secondary: receives checkpoints. */
    @JsonProperty("secondary")
    SECONDARY("secondary"),

    /** A value QEMU sent that this version of colo4j does not know. */
    @JsonEnumDefaultValue
    UNKNOWN(null);

    private final String wireName;

    ColoMode(String wireName) {
        this.wireName = wireName;
    }

    /** The value as QEMU spells it, e.g. {@code "none"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for {@code wireName}; {@link #UNKNOWN} for null or an unknown value. */
    public static ColoMode fromWire(String wireName) {
        for (ColoMode value : values()) {
            if (value.wireName != null && value.wireName.equals(wireName)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
