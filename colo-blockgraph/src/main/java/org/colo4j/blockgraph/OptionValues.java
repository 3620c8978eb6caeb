package org.colo4j.blockgraph;

/**
 * QEMU option-string values ({@code key=value,key=value}): a {@code ,} inside a value is written
 * {@code ,,}; a newline or NUL cannot be passed at all.
 */
final class OptionValues {

    private OptionValues() {}

    /** Why {@code value} cannot go into an option string, or {@code null} if it can. */
    static String unescapable(String value) {
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL character, which cannot be passed to QEMU";
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return "contains a line break, which cannot be passed in a QEMU option string";
        }
        return null;
    }

    /**
     * {@code value} with every {@code ,} doubled.
     *
     * @throws IllegalArgumentException if the value holds a newline or NUL (validation rejects these
     *     before rendering, so a validated spec never gets here)
     */
    static String escape(String value) {
        String why = unescapable(value);
        if (why != null) {
            throw new IllegalArgumentException("'" + QemuNames.printable(value) + "' " + why);
        }
        return value.replace(",", ",,");
    }
}
