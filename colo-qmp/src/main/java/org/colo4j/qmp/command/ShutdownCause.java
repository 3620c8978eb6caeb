package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why QEMU shut down or reset, as the {@code SHUTDOWN} and {@code RESET} events report it.
 *
 * <p>A value this version of colo4j does not know decodes to {@link #UNKNOWN}.
 */
public enum ShutdownCause {

    /** No shutdown or reset requested. */
    @JsonProperty("none")
    NONE("none"),

    /** An error on the host stopped QEMU. */
    @JsonProperty("host-error")
    HOST_ERROR("host-error"),

    /** The QMP {@code quit} command. */
    @JsonProperty("host-qmp-quit")
    HOST_QMP_QUIT("host-qmp-quit"),

    /** The QMP {@code system_reset} command. */
    @JsonProperty("host-qmp-system-reset")
    HOST_QMP_SYSTEM_RESET("host-qmp-system-reset"),

    /** A signal to the QEMU process, e.g. SIGTERM. */
    @JsonProperty("host-signal")
    HOST_SIGNAL("host-signal"),

    /** The user interface, e.g. the window closed. */
    @JsonProperty("host-ui")
    HOST_UI("host-ui"),

    /** The guest powered off. */
    @JsonProperty("guest-shutdown")
    GUEST_SHUTDOWN("guest-shutdown"),

    /** The guest rebooted. */
    @JsonProperty("guest-reset")
    GUEST_RESET("guest-reset"),

    /** The guest panicked and the panic action is shutdown. */
    @JsonProperty("guest-panic")
    GUEST_PANIC("guest-panic"),

    /** A subsystem such as the s390 diag 308 reset. */
    @JsonProperty("subsystem-reset")
    SUBSYSTEM_RESET("subsystem-reset"),

    /** A snapshot was loaded. */
    @JsonProperty("snapshot-load")
    SNAPSHOT_LOAD("snapshot-load"),

    /** A value QEMU sent that this version of colo4j does not know. */
    @JsonEnumDefaultValue
    UNKNOWN(null);

    private final String wireName;

    ShutdownCause(String wireName) {
        this.wireName = wireName;
    }

    /** The value as QEMU spells it, e.g. {@code "none"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for {@code wireName}; {@link #UNKNOWN} for null or an unknown value. */
    public static ShutdownCause fromWire(String wireName) {
        for (ShutdownCause value : values()) {
            if (value.wireName != null && value.wireName.equals(wireName)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
