package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The kind of I/O a quorum child failed, as the {@code QUORUM_REPORT_BAD} event reports it.
 *
 * <p>In COLO the primary's {@code colo-disk0} is a quorum of the local image and the replication
 * child; a write there before COLO runs fails on the replication child and shows up as
 * {@link #WRITE}.
 *
 * <p>A value this version of colo4j does not know decodes to {@link #UNKNOWN}.
 */
public enum QuorumOpType {

    /** A read. */
    @JsonProperty("read")
    READ("read"),

    /** A write. */
    @JsonProperty("write")
    WRITE("write"),

    /** A flush. */
    @JsonProperty("flush")
    FLUSH("flush"),

    /** A value QEMU sent that this version of colo4j does not know. */
    @JsonEnumDefaultValue
    UNKNOWN(null);

    private final String wireName;

    QuorumOpType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as QEMU spells it, e.g. {@code "read"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for {@code wireName}; {@link #UNKNOWN} for null or an unknown value. */
    public static QuorumOpType fromWire(String wireName) {
        for (QuorumOpType value : values()) {
            if (value.wireName != null && value.wireName.equals(wireName)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
