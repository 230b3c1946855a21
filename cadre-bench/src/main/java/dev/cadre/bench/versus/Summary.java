package dev.cadre.bench.versus;

import java.util.Arrays;
import java.util.Collection;

/**
 * Median, quartiles, minimum and maximum of the timed iterations of one metric (all JVMs of a
 * contender together).
 *
 * @param median the median (the mean of the two middle values for an even count)
 * @param p25 the first quartile (linear interpolation between order statistics)
 * @param p75 the third quartile (likewise)
 * @param min the smallest value
 * @param max the largest value
 * @param count how many iterations
 */
public record Summary(double median, double p25, double p75, double min, double max, int count) {

    /**
     * {@return the summary}
     *
     * @param values at least one value
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Summary of(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return new Summary(median(v), interpolated(v, 0.25), interpolated(v, 0.75), v[0], v[n - 1], n);
    }

    /**
     * {@return their median (the mean of the two middle values for an even count)}
     *
     * @param sorted values in ascending order, at least one
     */
    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The q-quantile with linear interpolation between order statistics (R's type 7).
     *
     * @param sorted values in ascending order, at least one
     * @param q in [0, 1]
     * @return the quantile
     */
    public static double interpolated(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * {@return the interquartile range relative to the median (0.1 = 10%), or 0 for a zero median}
     */
    public double relativeIqr() {
        return median == 0 ? 0 : (p75 - p25) / Math.abs(median);
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
