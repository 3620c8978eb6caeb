package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The life-cycle state of a block job, as {@code JOB_STATUS_CHANGE} reports it (and
 * {@link BlockJobInfo#status()} as text).
 *
 * <p>The COLO resync mirror ({@code drive-mirror} with job id {@code resync}) goes
 * created, running, ready; {@code block-job-cancel} then takes it through waiting, pending,
 * concluded and {@link #NULL_}.
 *
 * <p>A value this version of colo4j does not know decodes to {@link #UNKNOWN}.
 */
public enum JobStatus {

    /** Erroneous, default state. */
    @JsonProperty("undefined")
    UNDEFINED("undefined"),

    /** Created, not yet started. */
    @JsonProperty("created")
    CREATED("created"),

    /** Actively working. */
    @JsonProperty("running")
    RUNNING("running"),

    /** Paused by the user, possibly before becoming ready. */
    @JsonProperty("paused")
    PAUSED("paused"),

    /** A mirror has caught up and can be completed or cancelled. */
    @JsonProperty("ready")
    READY("ready"),

    /** Paused after becoming ready. */
    @JsonProperty("standby")
    STANDBY("standby"),

    /** Finished its work, waiting for the other jobs of its transaction. */
    @JsonProperty("waiting")
    WAITING("waiting"),

    /** Waiting to be finalized. */
    @JsonProperty("pending")
    PENDING("pending"),

    /** Being cancelled or failing. */
    @JsonProperty("aborting")
    ABORTING("aborting"),

    /** Finished, waiting for {@code job-dismiss}. */
    @JsonProperty("concluded")
    CONCLUDED("concluded"),

    /** Gone: the last state QEMU reports; the wire value is the JSON string {@code "null"}. */
    @JsonProperty("null")
    NULL_("null"),

    /** A value QEMU sent that this version of colo4j does not know. */
    @JsonEnumDefaultValue
    UNKNOWN(null);

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value as QEMU spells it, e.g. {@code "undefined"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for {@code wireName}; {@link #UNKNOWN} for null or an unknown value. */
    public static JobStatus fromWire(String wireName) {
        for (JobStatus value : values()) {
            if (value.wireName != null && value.wireName.equals(wireName)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
