package org.colo4j.qmp.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.colo4j.qmp.QmpJson;
import org.junit.jupiter.api.Test;

/** Every enum: wire names, UNKNOWN default, agreement between annotation and wireName(). */
class EnumTest {

    private static final List<Class<? extends Enum<?>>> ENUMS = List.of(RunState.class, MigrationStatus.class,
            ColoMode.class, ColoExitReason.class, JobStatus.class, ShutdownCause.class, QuorumOpType.class,
            SchemaMetaType.class);

    @Test
    void everyConstantRoundTripsThroughJackson() throws Exception {
        for (Class<? extends Enum<?>> type : ENUMS) {
            Method wireName = type.getMethod("wireName");
            Method fromWire = type.getMethod("fromWire", String.class);
            for (Enum<?> constant : type.getEnumConstants()) {
                if (constant.name().equals("UNKNOWN")) {
                    assertThat(type.getField("UNKNOWN").isAnnotationPresent(JsonEnumDefaultValue.class)).isTrue();
                    assertThat(wireName.invoke(constant)).isNull();
                    assertThat(fromWire.invoke(null, "no-such-value")).isSameAs(constant);
                    assertThat(fromWire.invoke(null, (Object) null)).isSameAs(constant);
                    continue;
                }
                String wire = (String) wireName.invoke(constant);
                assertThat(type.getField(constant.name()).getAnnotation(JsonProperty.class).value()).isEqualTo(wire);
                assertThat(constant.name()).isEqualTo(wire.equals("null") ? "NULL_" : wire.toUpperCase().replace('-', '_'));
                assertThat(QmpJson.write(constant)).isEqualTo("\"" + wire + "\"");
                assertThat(QmpJson.mapper().readValue("\"" + wire + "\"", type)).isSameAs(constant);
                assertThat(fromWire.invoke(null, wire)).isSameAs(constant);
            }
        }
    }

    @Test
    void valuesMatchQemu72Schema() {
        assertThat(wires(RunState.values())).containsExactly("debug", "inmigrate", "internal-error", "io-error", "paused",
                "postmigrate", "prelaunch", "finish-migrate", "restore-vm", "running", "save-vm", "shutdown", "suspended",
                "watchdog", "guest-panicked", "colo");
        assertThat(wires(MigrationStatus.values())).containsExactly("none", "setup", "cancelling", "cancelled", "active",
                "postcopy-active", "postcopy-paused", "postcopy-recover", "completed", "failed", "colo", "pre-switchover",
                "device", "wait-unplug");
        assertThat(wires(ColoMode.values())).containsExactly("none", "primary", "secondary");
        assertThat(wires(ColoExitReason.values())).containsExactly("none", "request", "error", "processing");
        assertThat(wires(JobStatus.values())).containsExactly("undefined", "created", "running", "paused", "ready",
                "standby", "waiting", "pending", "aborting", "concluded", "null");
        assertThat(wires(ShutdownCause.values())).containsExactly("none", "host-error", "host-qmp-quit",
                "host-qmp-system-reset", "host-signal", "host-ui", "guest-shutdown", "guest-reset", "guest-panic",
                "subsystem-reset", "snapshot-load");
        assertThat(wires(QuorumOpType.values())).containsExactly("read", "write", "flush");
        assertThat(wires(SchemaMetaType.values()))
                .containsExactly("builtin", "enum", "array", "object", "alternate", "command", "event");
    }

    private static List<String> wires(Enum<?>[] values) {
        return Arrays.stream(values).filter(v -> !v.name().equals("UNKNOWN")).map(v -> {
            try {
                return (String) v.getClass().getMethod("wireName").invoke(v);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }
}
