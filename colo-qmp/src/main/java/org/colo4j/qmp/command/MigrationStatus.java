package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The status of a migration, as {@code query-migrate} and the {@code MIGRATION} event report it.
 *
 * <p>A COLO pair that replicates reports {@link #COLO} on both nodes; a migration that ends in
 * {@link #COMPLETED} instead means COLO did not start (QEMU 10.0.0-10.0.6 and 10.1.0-10.1.2, or
 * a secondary without the {@code x-colo} capability).
 *
 * <p>A value this version of colo4j does not know decodes to {@link #UNKNOWN}.
 */
public enum MigrationStatus {

    /** No migration has been started. */
    @JsonProperty("none")
    NONE("none"),

    /** Setting up. */
    @JsonProperty("setup")
    SETUP("setup"),

    /** Being cancelled. */
    @JsonProperty("cancelling")
    CANCELLING("cancelling"),

    /** Cancelled. */
    @JsonProperty("cancelled")
    CANCELLED("cancelled"),

    /** Transferring state. */
    @JsonProperty("active")
    ACTIVE("active"),

    /** In the post-copy phase. */
    @JsonProperty("postcopy-active")
    POSTCOPY_ACTIVE("postcopy-active"),

    /** Post-copy paused by a network failure. */
    @JsonProperty("postcopy-paused")
    POSTCOPY_PAUSED("postcopy-paused"),

    /** Post-copy recovering. */
    @JsonProperty("postcopy-recover")
    POSTCOPY_RECOVER("postcopy-recover"),

    /** Completed; with {@code x-colo} this also follows a secondary failover. */
    @JsonProperty("completed")
    COMPLETED("completed"),

    /** Failed. */
    @JsonProperty("failed")
    FAILED("failed"),

    /** In COLO: checkpoints are being taken. */
    @JsonProperty("colo")
    COLO("colo"),

    /** Paused before the switch-over ({@code pause-before-switchover}). */
    @JsonProperty("pre-switchover")
    PRE_SWITCHOVER("pre-switchover"),

    /** Migrating device state after the pre-switchover pause. */
    @JsonProperty("device")
    DEVICE("device"),

    /** Waiting for failover devices to unplug. */
    @JsonProperty("wait-unplug")
    WAIT_UNPLUG("wait-unplug"),

    /** A value QEMU sent that this version of colo4j does not know. */
    @JsonEnumDefaultValue
    UNKNOWN(null);

    private final String wireName;

    MigrationStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value as QEMU spells it, e.g. {@code "none"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for {@code wireName}; {@link #UNKNOWN} for null or an unknown value. */
    public static MigrationStatus fromWire(String wireName) {
        for (MigrationStatus value : values()) {
            if (value.wireName != null && value.wireName.equals(wireName)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
