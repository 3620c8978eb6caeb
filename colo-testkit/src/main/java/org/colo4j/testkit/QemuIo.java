package org.colo4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of qemu-io that colo4j's guest-free data checks use ({@code write [-P pattern] off len},
 * {@code aio_write [-P pattern] off len}, {@code read [-P pattern] off len}), printing what QEMU 7.2
 * prints on its standard output. The fake completes an {@code aio_write} at once, so it prints the same
 * as {@code write}.
 */
final class QemuIo {

    private QemuIo() {}

    /** Runs {@code command} (the text inside qemu-io's quotes) on {@code disk}; returns the printed text. */
    static String run(SparseDisk disk, String command) {
        List<String> words = new ArrayList<>(List.of(command.strip().split("\\s+")));
        if (words.isEmpty() || words.get(0).isEmpty()) {
            return "";
        }
        String verb = words.remove(0);
        if (!verb.equals("write") && !verb.equals("aio_write") && !verb.equals("read")) {
            return "command \"" + verb + "\" not found\n";
        }
        boolean write = !verb.equals("read");
        Integer pattern = write ? 0xcd : null;
        while (!words.isEmpty() && words.get(0).startsWith("-")) {
            String flag = words.remove(0);
            if (!flag.equals("-P")) {
                return verb + ": invalid option -- '" + flag.substring(1) + "'\n";
            }
            if (words.isEmpty()) {
                return verb + ": option requires an argument -- 'P'\n";
            }
            String p = words.remove(0);
            Long v = number(p);
            if (v == null || v < 0 || v > 0xff) {
                return p + " is not a valid pattern byte\n";
            }
            pattern = v.intValue();
        }
        if (words.size() != 2) {
            return "bad argument count " + words.size() + " to " + verb + ", expected at least 2 arguments\n";
        }
        Long offset = number(words.get(0));
        if (offset == null || offset < 0) {
            return "non-numeric offset argument -- " + words.get(0) + "\n";
        }
        Long length = number(words.get(1));
        if (length == null || length < 0) {
            return "non-numeric length argument -- " + words.get(1) + "\n";
        }
        if (offset + length > disk.size()) {
            return verb + " failed: Input/output error\n";
        }
        StringBuilder out = new StringBuilder();
        if (write) {
            disk.write(offset, length, pattern);
            out.append("wrote ");
        } else {
            if (pattern != null && !disk.allEqual(offset, length, pattern)) {
                out.append("Pattern verification failed at offset ").append(offset).append(", ").append(length)
                        .append(" bytes\n");
            }
            out.append("read ");
        }
        out.append(length).append('/').append(length).append(" bytes at offset ").append(offset).append('\n');
        out.append(size(length)).append(", 1 ops; 00.00 sec (1 GiB/sec and 1024.0000 ops/sec)\n");
        return out.toString();
    }

    /** qemu-io's cvtnum: decimal or 0x hex, with an optional k/m/g/t suffix (powers of 1024). */
    static Long number(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!s.startsWith("0x") && !s.isEmpty()) {
            char last = s.charAt(s.length() - 1);
            int shift = switch (last) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                case 'b' -> 0;
                default -> -1;
            };
            if (shift >= 0) {
                unit = 1L << shift;
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** qemu-io's cvtstr: {@code 512 bytes}, {@code 1.500 KiB}, {@code 1 MiB}. */
    static String size(long bytes) {
        String[] units = {" TiB", " GiB", " MiB", " KiB"};
        long[] scale = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= scale[i]) {
                String v = String.format(Locale.ROOT, "%.3f", bytes / (double) scale[i]);
                return (v.endsWith(".000") ? v.substring(0, v.length() - 4) : v) + units[i];
            }
        }
        return bytes + " bytes";
    }
}
