package org.colo4j.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/** Argument checks and defensive copies shared by the records of this package. */
final class Args {

    private Args() {}

    /** {@code value}, which must be neither null nor blank. */
    static String text(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** {@code value} if null or not blank. */
    static String optionalText(String value, String name) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank; pass null to leave it out");
        }
        return value;
    }

    /** {@code value} if null or not negative. */
    static Long notNegative(Long value, String name) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    /**
     * A mirror's {@code granularity}: null, or a power of 2 from 512 bytes to 64 MiB (QEMU's range;
     * QEMU refuses anything else with "Parameter 'granularity' expects ...").
     */
    static Long mirrorGranularity(Long value) {
        if (value != null && (value < 512 || value > 64L << 20 || Long.bitCount(value) != 1)) {
            throw new IllegalArgumentException("granularity must be a power of 2 from 512 to 67108864 (64 MiB), got " + value
                    + "; pass null for QEMU's default (the target's cluster size, or 64 KiB)");
        }
        return value;
    }

    /** A mirror's {@code copy-mode}: null, {@code background} or {@code write-blocking}. */
    static String mirrorCopyMode(String value) {
        if (value != null && !value.equals("background") && !value.equals("write-blocking")) {
            throw new IllegalArgumentException("copyMode must be \"background\" or \"write-blocking\", got \"" + value
                    + "\"; pass null for QEMU's default (background)");
        }
        return value;
    }

    /** An unmodifiable copy, or null for null. */
    static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    /** A deep copy, or null for null. */
    static JsonNode copy(JsonNode node) {
        return node == null ? null : node.deepCopy();
    }
}
