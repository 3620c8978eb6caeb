package org.colo4j.blockgraph;

import java.util.ArrayList;
import java.util.List;

/** Collects problems under a field prefix; throws them all at once. */
final class Problems {

    private final List<Problem> list;
    private final String prefix;

    Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<Problem> list, String prefix) {
        this.list = list;
        this.prefix = prefix;
    }

    /** A view that adds to the same list, with {@code prefix} put before every field. */
    Problems under(String prefix) {
        return new Problems(list, this.prefix + prefix);
    }

    /** The full path of {@code field} under this view's prefix. */
    String path(String field) {
        return prefix + field;
    }

    void add(String field, String message) {
        list.add(new Problem(path(field), message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<Problem> list() {
        return List.copyOf(list);
    }

    void throwIfAny(String what) {
        if (!list.isEmpty()) {
            throw new BlockGraphValidationException(what, list);
        }
    }
}
