package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a node left COLO, as {@code query-colo-status} and the {@code COLO_EXIT} event report it.
 *
 * <p>A value this version of colo4j does not know decodes to {@link #UNKNOWN}.
 */
public enum ColoExitReason {

    /** COLO has not exited. */
    @JsonProperty("none")
    NONE("none"),

    /** A failover was requested with {@code x-colo-lost-heartbeat}. */
    @JsonProperty("request")
    REQUEST("request"),

    /** COLO stopped on an error, typically the peer went away. */
    @JsonProperty("error")
    ERROR("error"),

    /** The exit is still being processed. */
    @JsonProperty("processing")
    PROCESSING("processing"),

    /** A value QEMU sent that this version of colo4j does not know. */
    @JsonEnumDefaultValue
    UNKNOWN(null);

    private final String wireName;

    ColoExitReason(String wireName) {
        this.wireName = wireName;
    }

    /** The value as QEMU spells it, e.g. {@code "none"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for {@code wireName}; {@link #UNKNOWN} for null or an unknown value. */
    public static ColoExitReason fromWire(String wireName) {
        for (ColoExitReason value : values()) {
            if (value.wireName != null && value.wireName.equals(wireName)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
