package org.colo4j.qmp.command;

/**
 * One entry of {@link MigrateSetCapabilities}: {@code {"capability": "x-colo", "state": true}}.
 *
 * @param capability the capability as QEMU spells it, e.g. {@code x-colo}, {@code events},
 *     {@code return-path}
 * @param state whether to turn it on
 */
public record MigrationCapabilityStatus(String capability, boolean state) {

    public MigrationCapabilityStatus {
        Args.text(capability, "capability");
    }
}
