package org.colo4j.qmp.event;

/**
 * The data of events that carry none, such as {@code STOP} and {@code RESUME}. Members a newer
 * QEMU might add are ignored.
 */
public record NoData() {}
