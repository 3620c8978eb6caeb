package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code block-export-del}: removes an export added by {@link BlockExportAdd}. Since QEMU 5.2.
 *
 * <p>Removal completes asynchronously; QEMU emits {@code BLOCK_EXPORT_DELETED} when it is gone.
 *
 * @param id the export's id
 * @param mode {@code safe} (the default: fail while clients are connected) or {@code hard}
 *     (disconnect them); nullable
 */
public record BlockExportDel(String id, String mode) implements QmpCommand<Void> {

    public BlockExportDel {
        Args.text(id, "id");
        if (mode != null && !mode.equals("safe") && !mode.equals("hard")) {
            throw new IllegalArgumentException("mode must be \"safe\", \"hard\" or null, got \"" + mode + "\"");
        }
    }

    /** Removes export {@code id} in QEMU's default (safe) mode. */
    public static BlockExportDel of(String id) {
        return new BlockExportDel(id, null);
    }

    @Override
    public String commandName() {
        return "block-export-del";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
