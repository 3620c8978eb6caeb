package org.colo4j.netfilter;

import java.util.regex.Pattern;

/** QEMU's rules for ids and option values, and the address classes the validation needs. */
final class QemuText {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

    private QemuText() {}

    /** Whether QEMU accepts {@code id} as an object, chardev or netdev id ({@code id_wellformed}). */
    static boolean isIdentifier(String id) {
        return IDENTIFIER.matcher(id).matches();
    }

    /** The fix text for an id QEMU rejects. */
    static String identifierRule() {
        return "use a letter followed by letters, digits, '-', '.' or '_'";
    }

    /** Whether {@code value} holds a character no QEMU option or QMP string may carry (newline, NUL). */
    static boolean hasControlBreak(String value) {
        return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0;
    }

    /** {@code value} escaped for a QemuOpts option string: every {@code ,} doubled. */
    static String escape(String value) {
        if (hasControlBreak(value)) {
            throw new IllegalArgumentException("option value contains a newline or NUL: " + value.replace("\0", "\\0")
                    .replace("\n", "\\n").replace("\r", "\\r"));
        }
        return value.replace(",", ",,");
    }

    /** Whether {@code host} only reaches this machine: {@code 127.0.0.0/8}, {@code ::1}, {@code localhost}. */
    static boolean isLoopback(String host) {
        return host.startsWith("127.") || host.equals("::1") || host.equals("[::1]") || host.equalsIgnoreCase("localhost");
    }

    /** Whether binding {@code host} listens on every interface. */
    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
