package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The reply to {@link AddFd}: {@code {"fdset-id": 3, "fd": 12}}.
 *
 * @param fdsetId the fd set the descriptor went into (QMP {@code fdset-id})
 * @param fd the descriptor's number inside QEMU
 */
public record AddFdInfo(@JsonProperty("fdset-id") long fdsetId, long fd) {}
