package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

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
 * @param socketAddress on a destination, where its incoming migration listens (QMP
 *     {@code socket-address}, QEMU 4.0 and later); QEMU reports it as soon as it listens, before
 *     anything arrives, so a secondary started with {@code -incoming tcp:...} instead of
 *     {@code -incoming defer} shows it at once; null when not listening
 */
public record MigrationInfo(
        MigrationStatus status,
        @JsonProperty("total-time") Long totalTime,
        Long downtime,
        @JsonProperty("setup-time") Long setupTime,
        JsonNode ram,
        @JsonProperty("error-desc") String errorDesc,
        @JsonProperty("socket-address") List<SocketAddress> socketAddress) {

    public MigrationInfo {
        ram = Args.copy(ram);
        socketAddress = socketAddress == null ? null : List.copyOf(socketAddress);
    }

    /** Without {@code socket-address}: the form before it was modelled. */
    public MigrationInfo(MigrationStatus status, Long totalTime, Long downtime, Long setupTime, JsonNode ram,
                         String errorDesc) {
        this(status, totalTime, downtime, setupTime, ram, errorDesc, null);
    }

    /** A copy of the RAM statistics; nullable. */
    @Override
    public JsonNode ram() {
        return Args.copy(ram);
    }
}
