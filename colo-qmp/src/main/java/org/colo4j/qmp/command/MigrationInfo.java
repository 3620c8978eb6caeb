package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reply to {@link QueryMigrate}. Every component is nullable: QEMU answers {@code {}} before
 * any migration, and sends the timings only once they are known.
 *
 * @param status the migration status; null before any migration
 * @param totalTime milliseconds since the migration started (QMP {@code total-time})
 * @param downtime milliseconds the guest was stopped, once completed
 * @param setupTime milliseconds spent in setup (QMP {@code setup-time})
 * @param ram the RAM transfer statistics as QEMU sent them ({@code transferred}, {@code remaining},
 *     {@code mbps}, ...)
 * @param errorDesc why the migration failed (QMP {@code error-desc})
 */
public record MigrationInfo(
        MigrationStatus status,
        @JsonProperty("total-time") Long totalTime,
        Long downtime,
        @JsonProperty("setup-time") Long setupTime,
        JsonNode ram,
        @JsonProperty("error-desc") String errorDesc) {

    public MigrationInfo {
        ram = Args.copy(ram);
    }

    /** A copy of the RAM statistics; nullable. */
    @Override
    public JsonNode ram() {
        return Args.copy(ram);
    }
}
