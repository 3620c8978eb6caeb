package org.colo4j.netfilter;

import java.util.Map;
import java.util.Objects;

/**
 * An {@code iothread} object; {@code colo-compare} runs its comparison in one.
 *
 * @param id the iothread id, e.g. {@code iothread1}
 */
public record IoThread(String id) implements ProxyObject {

    public IoThread {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String qomType() {
        return "iothread";
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of();
    }

    @Override
    public Map<String, String> chardevReferences() {
        return Map.of();
    }

    @Override
    public String toString() {
        return qomType() + " " + id;
    }
}
