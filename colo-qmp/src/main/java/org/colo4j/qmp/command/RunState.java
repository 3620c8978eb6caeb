package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The run state QEMU reports in {@code query-status} ({@link StatusInfo#status()}).
 *
 * <p>In COLO the primary and the secondary both report {@link #RUNNING} while replicating, a
 * secondary that waits for the primary's migration reports {@link #INMIGRATE}, and the short stop
 * of each checkpoint shows as {@link #COLO}; {@link #POSTMIGRATE} after a
 * completed migration means COLO never started (the {@code x-colo} capability was not set).
 *
 * <p>A value this version of colo4j does not know decodes to {@link #UNKNOWN}.
 */
public enum RunState {

    /** Stopped by the debugger. */
    @JsonProperty("debug")
    DEBUG("debug"),

    /** Waiting for an incoming migration (the COLO secondary before the first checkpoint). */
    @JsonProperty("inmigrate")
    INMIGRATE("inmigrate"),

    /** Stopped by an internal error. */
    @JsonProperty("internal-error")
    INTERNAL_ERROR("internal-error"),

    /** Stopped by an I/O error of a block device. */
    @JsonProperty("io-error")
    IO_ERROR("io-error"),

    /** Stopped by {@code stop}. */
    @JsonProperty("paused")
    PAUSED("paused"),

    /** Stopped after the outgoing migration completed. */
    @JsonProperty("postmigrate")
    POSTMIGRATE("postmigrate"),

    /** Started with {@code -S} and not yet continued. */
    @JsonProperty("prelaunch")
    PRELAUNCH("prelaunch"),

    /** Finishing an outgoing migration. */
    @JsonProperty("finish-migrate")
    FINISH_MIGRATE("finish-migrate"),

    /** Restoring a snapshot. */
    @JsonProperty("restore-vm")
    RESTORE_VM("restore-vm"),

    /** Running. */
    @JsonProperty("running")
    RUNNING("running"),

    /** Saving a snapshot. */
    @JsonProperty("save-vm")
    SAVE_VM("save-vm"),

    /** Shut down, with {@code -no-shutdown}. */
    @JsonProperty("shutdown")
    SHUTDOWN("shutdown"),

    /** Suspended by the guest (ACPI S3). */
    @JsonProperty("suspended")
    SUSPENDED("suspended"),

    /** Stopped by a watchdog action. */
    @JsonProperty("watchdog")
    WATCHDOG("watchdog"),

    /** Stopped after a guest panic. */
    @JsonProperty("guest-panicked")
    GUEST_PANICKED("guest-panicked"),

    /** Taking a COLO checkpoint. */
    @JsonProperty("colo")
    COLO("colo"),

    /** A value QEMU sent that this version of colo4j does not know. */
    @JsonEnumDefaultValue
    UNKNOWN(null);

    private final String wireName;

    RunState(String wireName) {
        this.wireName = wireName;
    }

    /** The value as QEMU spells it, e.g. {@code "debug"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for {@code wireName}; {@link #UNKNOWN} for null or an unknown value. */
    public static RunState fromWire(String wireName) {
        for (RunState value : values()) {
            if (value.wireName != null && value.wireName.equals(wireName)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
