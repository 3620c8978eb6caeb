package org.colo4j.qmp.command;

/**
 * One entry of the {@link QomList} reply.
 *
 * @param name the property name
 * @param type the property type, e.g. {@code string}, {@code bool}, {@code child<iothread>},
 *     {@code link<...>}
 * @param description QEMU's description; nullable
 */
public record ObjectPropertyInfo(String name, String type, String description) {}
