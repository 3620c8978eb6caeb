package org.colo4j.qmp.command;

/**
 * One entry of the {@link QueryBlock} reply.
 *
 * @param device the backend name, e.g. {@code colo-disk0}; empty for anonymous backends
 * @param qdev the path or id of the device the backend is attached to; nullable
 * @param locked whether the guest locked the medium; nullable
 * @param removable whether the medium can be removed; nullable
 * @param inserted the node in the backend; nullable (empty drive)
 */
public record BlockInfo(String device, String qdev, Boolean locked, Boolean removable, BlockDeviceInfo inserted) {}
