package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code remove-fd}: removes one descriptor, or a whole set, added by {@link AddFd}. QEMU closes a
 * descriptor once nothing uses it any more.
 *
 * @param fdsetId the fd set (QMP {@code fdset-id})
 * @param fd the descriptor inside QEMU, as {@link AddFdInfo#fd()} reported it; nullable (the
 *     whole set)
 */
@JsonPropertyOrder({"fdset-id", "fd"})
public record RemoveFd(@JsonProperty("fdset-id") long fdsetId, Long fd) implements QmpCommand<Void> {

    public RemoveFd {
        if (fdsetId < 0) {
            throw new IllegalArgumentException("fdsetId must not be negative, got " + fdsetId);
        }
        Args.notNegative(fd, "fd");
    }

    /** Removes the whole fd set. */
    public static RemoveFd set(long fdsetId) {
        return new RemoveFd(fdsetId, null);
    }

    @Override
    public String commandName() {
        return "remove-fd";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
