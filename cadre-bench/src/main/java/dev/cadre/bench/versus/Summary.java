package dev.cadre.bench.versus;

import java.util.Arrays;
import java.util.Collection;

/**
 * Median, minimum and maximum of the repetitions of one metric.
 *
 * @param median the median (the mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param count how many repetitions
 */
public record Summary(double median, double min, double max, int count) {

    /**
     * @param values at least one value
     * @return the summary
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Summary of(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Summary(median, v[0], v[n - 1], n);
    }

    /**
     * The q-quantile of raw samples by the nearest-rank method (used for latencies).
     *
     * @param sorted samples in ascending order, at least one
     * @param q the quantile in (0, 1], e.g. 0.999
     * @return the smallest sample with at least {@code q} of all samples at or below it
     */
    public static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], was " + q);
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /**
     * Sorts a copy of the samples.
     *
     * @param samples raw samples
     * @return a sorted copy
     */
    public static long[] sorted(long[] samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return copy;
    }
}
