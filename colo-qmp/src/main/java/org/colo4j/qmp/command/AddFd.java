package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code add-fd}: adds the file descriptor passed with this command (SCM_RIGHTS over a unix
 * socket) to an fd set, so that image files can be opened as {@code /dev/fdset/N} by a QEMU that
 * may not open them itself. Send it with {@code QmpClient.executeWithFds}.
 *
 * @param fdsetId the fd set to add to (QMP {@code fdset-id}); nullable (QEMU picks a new set)
 * @param opaque free text stored with the descriptor, shown by {@code query-fdsets}; nullable
 */
@JsonPropertyOrder({"fdset-id", "opaque"})
public record AddFd(@JsonProperty("fdset-id") Long fdsetId, String opaque) implements QmpCommand<AddFdInfo> {

    private static final QmpReturn<AddFdInfo> RETURN = QmpReturn.of(AddFdInfo.class);

    public AddFd {
        Args.notNegative(fdsetId, "fdsetId");
    }

    /** Adds the descriptor to a new fd set QEMU chooses. */
    public static AddFd toNewSet() {
        return new AddFd(null, null);
    }

    /** Adds the descriptor to fd set {@code fdsetId}. */
    public static AddFd toSet(long fdsetId) {
        return new AddFd(fdsetId, null);
    }

    @Override
    public String commandName() {
        return "add-fd";
    }

    @Override
    public QmpReturn<AddFdInfo> returnType() {
        return RETURN;
    }
}
