package org.colo4j.netfilter;

import java.util.LinkedHashMap;

/** The properties every net filter renders first, in one order for argv and QMP. */
final class FilterProperties {

    private FilterProperties() {}

    /** insert/position (when placed), netdev, queue; the caller appends its own. */
    static LinkedHashMap<String, Object> common(NetFilter f) {
        LinkedHashMap<String, Object> p = new LinkedHashMap<>();
        if (f.placement() != null) {
            p.put("insert", f.placement().insert());
            p.put("position", f.placement().position());
        }
        p.put("netdev", f.netdev());
        p.put("queue", f.queue().qemuName());
        return p;
    }
}
