package org.colo4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The values of one quantity over the measured rounds: median and spread (min–max). */
final class Series {

    private final List<Double> values = new ArrayList<>();

    void add(double v) {
        values.add(v);
    }

    int size() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        return percentile(50);
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    double percentile(double p) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), p);
    }

    List<Double> values() {
        return List.copyOf(values);
    }

    /** Nearest-rank percentile (the median of an even count is the mean of the middle two). */
    static double percentile(double[] data, double p) {
        if (data.length == 0) {
            return Double.NaN;
        }
        double[] d = data.clone();
        Arrays.sort(d);
        if (p == 50) {
            int m = d.length / 2;
            return d.length % 2 == 1 ? d[m] : (d[m - 1] + d[m]) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * d.length);
        return d[Math.max(0, Math.min(d.length - 1, rank - 1))];
    }

    /** Percentile of longs (nanoseconds), sorted in place. */
    static long percentileSorted(long[] sorted, int count, double p) {
        if (count == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    /** {@code median (min–max)} with {@code decimals} digits. */
    String format(int decimals) {
        if (values.isEmpty()) {
            return "n/a";
        }
        String f = "%,." + decimals + "f";
        return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median(), min(), max());
    }

    @Override
    public String toString() {
        return format(2) + " " + values;
    }
}
