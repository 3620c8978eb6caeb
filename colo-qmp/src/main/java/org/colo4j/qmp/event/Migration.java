package org.colo4j.qmp.event;

import org.colo4j.qmp.command.MigrationStatus;

/**
 * {@code MIGRATION}: the migration changed status. Sent only when the {@code events} migration
 * capability is on.
 *
 * <p>On a COLO primary the sequence is {@code setup}, {@code active}, {@code colo}; the secondary
 * reports {@code active}, {@code colo} and, after its failover, {@code completed}.
 *
 * @param status the new status
 */
public record Migration(MigrationStatus status) {}
