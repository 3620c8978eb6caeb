package org.colo4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;

/**
 * How pair files spell the values that are not plain text or numbers, both ways: durations
 * ({@code 2s}, {@code 500ms}), sizes ({@code 64MiB} or bytes), QMP endpoints ({@code unix:/run/x.qmp},
 * {@code tcp:127.0.0.1:4444}, {@code tcp:[::1]:4444}) and QEMU versions ({@code 7.2.22}). A parse
 * failure is an {@link IllegalArgumentException} whose message is the fix.
 */
final class PairValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|ms|s|m)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|K|KiB|M|MiB|G|GiB|T|TiB)?");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern TCP = Pattern.compile("tcp:(?:\\[([^\\]]+)\\]|([^:\\[\\]]+)):(\\d+)");

    private PairValues() {}

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a whole number with a unit, ms or s (also ns, m), e.g. 500ms or 2s;"
                    + " got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    /** {@code 2s} for whole seconds, else {@code 750ms}, else nanoseconds. */
    static String duration(Duration d) {
        if (d.toNanosPart() % 1_000_000 != 0) {
            return d.toNanos() + "ns";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Bytes, from a number of bytes or a number with a binary unit ({@code 64MiB}; K, M, G, T as qemu-img). */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be bytes or a whole number with a unit (KiB, MiB, GiB, TiB), e.g."
                    + " 64MiB or 10GiB; got '" + text + "'");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2).charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("is too large: " + text);
        }
        return n << shift;
    }

    /** The largest binary unit that divides {@code bytes}: {@code 64MiB}; bytes as a plain number otherwise. */
    static Object size(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 40 - 10 * i;
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + units[i];
            }
        }
        return bytes;
    }

    static QemuVersion version(String text) {
        Matcher m = VERSION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a QEMU version major.minor.micro, e.g. 7.2.22 (quote it in YAML"
                    + " when it has two parts); got '" + text + "'");
        }
        return QemuVersion.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    static QmpEndpoint endpoint(String text) {
        if (text.startsWith("unix:") && text.length() > "unix:".length()) {
            return QmpEndpoint.unix(Path.of(text.substring("unix:".length())));
        }
        Matcher m = TCP.matcher(text);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(3).length() > 5 ? "0" : m.group(3));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("has port " + m.group(3) + ": a TCP port is 1-65535");
            }
            return QmpEndpoint.tcp(m.group(1) != null ? m.group(1) : m.group(2), port);
        }
        throw new IllegalArgumentException("must be unix:/path/to/socket or tcp:host:port (tcp:[::1]:4444 for IPv6);"
                + " got '" + text + "'");
    }

    /** {@code unix:<path>} or {@code tcp:<host>:<port>}, as the endpoint records spell themselves. */
    static String endpoint(QmpEndpoint endpoint) {
        return endpoint.toString();
    }
}
