package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code chardev-remove}: removes a character device no frontend or filter uses any more.
 *
 * <p>The last step of a secondary failover: {@code chardev-remove red1} and {@code red0}, after
 * the filters using them were deleted (COLO-FT.txt).
 *
 * @param id the chardev id
 */
public record ChardevRemove(String id) implements QmpCommand<Void> {

    public ChardevRemove {
        Args.text(id, "id");
    }

    @Override
    public String commandName() {
        return "chardev-remove";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
