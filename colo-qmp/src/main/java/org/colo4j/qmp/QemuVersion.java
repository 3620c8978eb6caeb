package org.colo4j.qmp;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QEMU version triple as the greeting and {@code query-version} report it, ordered numerically.
 *
 * <pre>{@code
 * if (qmp.greeting().version().isAtLeast(6, 0)) { ... flat object-add ... }
 * }</pre>
 *
 * @param major e.g. 7
 * @param minor e.g. 2
 * @param micro e.g. 22
 */
public record QemuVersion(int major, int minor, int micro) implements Comparable<QemuVersion> {

    private static final Pattern TEXT = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Comparator<QemuVersion> ORDER = Comparator.comparingInt(QemuVersion::major)
            .thenComparingInt(QemuVersion::minor)
            .thenComparingInt(QemuVersion::micro);

    public QemuVersion {
        if (major < 0 || minor < 0 || micro < 0) {
            throw new IllegalArgumentException("version parts must not be negative: " + major + "." + minor + "." + micro);
        }
    }

    /**
     * Shorthand for {@code new QemuVersion(major, minor, micro)}.
     *
     * @throws IllegalArgumentException if a part is negative
     */
    public static QemuVersion of(int major, int minor, int micro) {
        return new QemuVersion(major, minor, micro);
    }

    /**
     * Parses the first {@code major.minor[.micro]} in {@code text}, so both {@code "7.2.22"} and
     * {@code "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7)"} work.
     *
     * @throws IllegalArgumentException if {@code text} holds no version
     */
    public static QemuVersion parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new IllegalArgumentException("no QEMU version (major.minor[.micro]) in '" + text + "'");
        }
        return new QemuVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /** Whether this version is {@code major.minor.0} or newer. */
    public boolean isAtLeast(int major, int minor) {
        return compareTo(new QemuVersion(major, minor, 0)) >= 0;
    }

    /** Whether this version is {@code major.minor.micro} or newer. */
    public boolean isAtLeast(int major, int minor, int micro) {
        return compareTo(new QemuVersion(major, minor, micro)) >= 0;
    }

    @Override
    public int compareTo(QemuVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
