package org.colo4j.blockgraph;

import java.util.regex.Pattern;

/**
 * QEMU's rules for ids and node names (util/id.c {@code id_wellformed}, block.c
 * {@code bdrv_assign_node_name}).
 */
final class QemuNames {

    /** A BlockDriverState node name is stored in 32 bytes, NUL included. */
    static final int MAX_NODE_NAME = 31;

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]*");

    private QemuNames() {}

    /**
     * Checks a required id. Reports a missing value, an ill-formed one, and (for node names) one
     * longer than QEMU keeps. Returns whether it is usable, so callers can skip later checks.
     */
    static boolean check(Problems problems, String field, String value, String example, boolean nodeName) {
        if (value == null || value.isEmpty()) {
            problems.add(field, "missing; set it to a QEMU id such as '" + example + "'");
            return false;
        }
        boolean ok = true;
        if (!WELL_FORMED.matcher(value).matches()) {
            problems.add(field, "'" + printable(value) + "' is not a QEMU id: it must start with a letter and hold only"
                    + " letters, digits, '-', '_' and '.'; use e.g. '" + example + "'");
            ok = false;
        }
        if (nodeName && value.length() > MAX_NODE_NAME) {
            problems.add(field, "'" + value + "' is " + value.length() + " characters long; QEMU node names have at most "
                    + MAX_NODE_NAME + " (QEMU would say 'Node name too long'); shorten it, e.g. '" + example + "'");
            ok = false;
        }
        return ok;
    }

    /** Makes control characters visible in messages. */
    static String printable(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\0') {
                b.append("\\0");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
