package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of the {@link QueryChardev} reply.
 *
 * @param label the chardev id, e.g. {@code mirror0}
 * @param filename QEMU's description, e.g. {@code disconnected:tcp:127.0.0.1:9003,server=on}
 *     for a listening socket nobody has connected to
 * @param frontendOpen whether a frontend has it open (QMP {@code frontend-open}); nullable
 */
public record ChardevInfo(String label, String filename, @JsonProperty("frontend-open") Boolean frontendOpen) {

    /** Whether {@code filename} says the socket has no peer yet. */
    public boolean disconnected() {
        return filename != null && filename.startsWith("disconnected:");
    }
}
