package org.colo4j.netfilter;

import java.util.Map;

/**
 * A QOM object of the COLO proxy ({@code -object <qomType>,id=<id>,...} or QMP {@code object-add}).
 *
 * <p>{@link #properties()} is the single source of both renderings: the argv renderer writes them as
 * {@code key=value} ({@code true} as {@code on}), the QMP plans pass them to {@code object-add}.
 */
public sealed interface ProxyObject permits NetFilter, IoThread, ColoCompare {

    /** The object id, a QEMU identifier. */
    String id();

    /** The QOM type, e.g. {@code filter-mirror}. */
    String qomType();

    /**
     * The properties besides {@code qom-type} and {@code id}, in rendering order; values are
     * {@link String} or {@link Boolean}. Unset optional properties are absent.
     */
    Map<String, Object> properties();

    /**
     * The chardevs this object uses, by property name (e.g. {@code outdev -> mirror0}), in rendering
     * order. Each chardev can serve one user only (QEMU: "Device 'mirror0' is in use").
     */
    Map<String, String> chardevReferences();
}
