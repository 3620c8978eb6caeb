package org.colo4j.qmp.command;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code migrate-set-capabilities}: turns migration capabilities on or off.
 *
 * <p>COLO needs {@code x-colo} (unstable) on the primary before {@link Migrate}; since QEMU 8 the
 * secondary must set it too before the incoming migration, or it fails with "ENABLE_COLO command
 * come in migration stream, but x-colo capability is not set". COLO-FT.txt:
 * {@code {"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "x-colo", "state": true}]}}}.
 *
 * @param capabilities the capabilities to set, in order
 */
public record MigrateSetCapabilities(List<MigrationCapabilityStatus> capabilities) implements QmpCommand<Void> {

    public MigrateSetCapabilities {
        Objects.requireNonNull(capabilities, "capabilities");
        capabilities = List.copyOf(capabilities);
    }

    /** Turns each of {@code capabilities} on, e.g. {@code enable("x-colo")}. */
    public static MigrateSetCapabilities enable(String... capabilities) {
        Objects.requireNonNull(capabilities, "capabilities");
        return new MigrateSetCapabilities(Arrays.stream(capabilities)
                .map(c -> new MigrationCapabilityStatus(c, true))
                .toList());
    }

    /** Sets one capability to {@code state}. */
    public static MigrateSetCapabilities of(String capability, boolean state) {
        return new MigrateSetCapabilities(List.of(new MigrationCapabilityStatus(capability, state)));
    }

    @Override
    public String commandName() {
        return "migrate-set-capabilities";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
