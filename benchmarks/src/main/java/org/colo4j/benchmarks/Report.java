package org.colo4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What BENCHMARKS.md says: one table row per figure (or per part of one), then a section per figure. */
final class Report {

    record Row(String figure, String colo4j, String raw, String ratio, String target, String verdict) {}

    final List<Row> rows = new ArrayList<>();
    final List<String> sections = new ArrayList<>();
    /** Key results (medians) for the verdicts, e.g. {@code fig1.ratio}. */
    final java.util.Map<String, Double> numbers = new java.util.LinkedHashMap<>();

    void number(String key, double value) {
        numbers.put(key, value);
    }

    boolean has(String key) {
        return numbers.containsKey(key);
    }

    double get(String key) {
        return numbers.getOrDefault(key, Double.NaN);
    }

    void row(String figure, String colo4j, String raw, String ratio, String target, String verdict) {
        rows.add(new Row(figure, colo4j, raw, ratio, target, verdict));
    }

    void section(String markdown) {
        sections.add(markdown);
    }

    static String verdict(boolean met) {
        return met ? "met" : "**not met**";
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Rows and sections in figure order (figure 6 is measured before figure 5). */
    void sortByFigure() {
        rows.sort(java.util.Comparator.comparingInt(r -> leadingNumber(r.figure())));
        sections.sort(java.util.Comparator.comparingInt(s -> leadingNumber(s.replaceFirst("^#+\\s*", ""))));
    }

    private static int leadingNumber(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == 0 ? Integer.MAX_VALUE : Integer.parseInt(s.substring(0, i));
    }

    String table() {
        StringBuilder s = new StringBuilder();
        s.append("| figure | colo4j | raw client | colo4j / raw | target | verdict |\n");
        s.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            s.append("| ").append(r.figure()).append(" | ").append(r.colo4j()).append(" | ").append(r.raw())
                    .append(" | ").append(r.ratio()).append(" | ").append(r.target()).append(" | ").append(r.verdict())
                    .append(" |\n");
        }
        return s.toString();
    }
}
