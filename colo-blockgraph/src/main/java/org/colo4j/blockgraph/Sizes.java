package org.colo4j.blockgraph;

/** Byte counts for people. */
final class Sizes {

    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() {}

    /** {@code 67108864} -> {@code "64 MiB"}; sizes that are not a whole unit keep the exact bytes. */
    static String human(long bytes) {
        long value = bytes;
        int unit = 0;
        while (unit < UNITS.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + " " + UNITS[unit];
    }

    /** {@code "64 MiB (67108864 bytes)"}, or {@code "1000 bytes"} when no larger unit is whole. */
    static String exact(long bytes) {
        String human = human(bytes);
        return human.endsWith(" bytes") ? human : human + " (" + bytes + " bytes)";
    }

    /** {@code "64 MiB (67108864 bytes, declared)"}: the size and where it came from. */
    static String exact(long bytes, String source) {
        String human = human(bytes);
        return human.endsWith(" bytes") ? human + " (" + source + ")" : human + " (" + bytes + " bytes, " + source + ")";
    }
}
