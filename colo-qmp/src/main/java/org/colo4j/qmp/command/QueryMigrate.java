package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-migrate}: the state of this node's migration.
 *
 * <p>COLO is the migration with the {@code x-colo} capability: once the first checkpoint is done
 * both nodes report {@link MigrationStatus#COLO}. A primary that reports {@code completed} after
 * {@code migrate} did a plain migration and COLO never started (the regression of QEMU 10.0.0-10.0.6
 * and 10.1.0-10.1.2, or a secondary without {@code x-colo}). Before any migration QEMU answers
 * {@code {}}.
 *
 * <pre>{@code boolean colo = qmp.execute(new QueryMigrate()).status() == MigrationStatus.COLO;}</pre>
 */
public record QueryMigrate() implements QmpCommand<MigrationInfo> {

    private static final QmpReturn<MigrationInfo> RETURN = QmpReturn.of(MigrationInfo.class);

    @Override
    public String commandName() {
        return "query-migrate";
    }

    @Override
    public QmpReturn<MigrationInfo> returnType() {
        return RETURN;
    }
}
