package org.colo4j;

import java.util.List;
import java.util.Objects;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.command.MigrateSetCapabilities;

/**
 * The version rules of the COLO migration itself, decided from QEMU's source (the proxy's rules are
 * colo-netfilter's, the block plans' colo-blockgraph's):
 *
 * <ul>
 *   <li>QEMU 11 refuses {@code x-colo} without {@code return-path} ("Capability 'x-colo' requires
 *       capability 'return-path'", in the 11.1.3 binary; 10.2.2's {@code migration/options.c} has no such
 *       check). Before 11, {@code return-path} must NOT be sent with {@code x-colo}: on 7.2.22 and 10.0.13
 *       it breaks the first checkpoint ("RP: Received invalid message 0x0000 length 0x0000"). 11.0.x
 *       could not be checked here; the rule assumes the check arrived with 11.0.
 * </ul>
 *
 * <pre>{@code
 * ColoDialect d = ColoDialect.forVersion(QemuVersion.of(11, 1, 3));
 * qmp.execute(d.enableColo());   // migrate-set-capabilities x-colo + return-path, on both nodes
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ColoDialect {

    /** The first release assumed to require {@code return-path} with {@code x-colo}. */
    public static final QemuVersion RETURN_PATH_REQUIRED_SINCE = QemuVersion.of(11, 0, 0);

    private final QemuVersion version;

    private ColoDialect(QemuVersion version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The rules of the QEMU that runs the node (its {@code --version} or QMP greeting). */
    public static ColoDialect forVersion(QemuVersion version) {
        return new ColoDialect(version);
    }

    /** The QEMU version these rules are for. */
    public QemuVersion version() {
        return version;
    }

    /** Whether this QEMU refuses {@code x-colo} without {@code return-path} (11.0 and later). */
    public boolean requiresReturnPath() {
        return version.compareTo(RETURN_PATH_REQUIRED_SINCE) >= 0;
    }

    /**
     * The migration capabilities both nodes turn on for COLO, in the order sent: {@code x-colo},
     * plus {@code return-path} where this QEMU requires it (and only there).
     */
    public List<String> migrationCapabilities() {
        return requiresReturnPath() ? List.of("x-colo", "return-path") : List.of("x-colo");
    }

    /** The {@code migrate-set-capabilities} that turns COLO on, on either node. */
    public MigrateSetCapabilities enableColo() {
        return MigrateSetCapabilities.enable(migrationCapabilities().toArray(String[]::new));
    }

    @Override
    public String toString() {
        return "ColoDialect[QEMU " + version + "]";
    }
}
