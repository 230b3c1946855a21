package dev.cadre.bench.versus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Cadre/Pekko ratio of medians with a 95% confidence interval from a two-level bootstrap.
 *
 * <p>Iterations of one JVM are not independent of each other (they share its JIT decisions, its
 * heap layout and its thread placement), so resampling iterations alone would understate the
 * uncertainty. Each bootstrap replicate therefore resamples, per contender, the JVMs with
 * replacement and then the iterations within each drawn JVM with replacement, takes the median of
 * the pooled draw, and divides Cadre's by Pekko's. The interval is the 2.5th to 97.5th percentile
 * of {@value #REPLICATES} replicates. The random generator is seeded, so the same data always gives
 * the same interval.
 *
 * @param ratio the ratio of the medians of all iterations
 * @param lo the lower bound of the interval
 * @param hi the upper bound
 */
public record RatioInterval(double ratio, double lo, double hi) {

    /** Bootstrap replicates. */
    static final int REPLICATES = 2_000;

    /** {@return {@code hi / lo}: 1.5 means the interval spans a factor of 1.5} */
    public double widthFactor() {
        return lo <= 0 ? Double.POSITIVE_INFINITY : hi / lo;
    }

    /**
     * {@return the ratio and its interval}
     *
     * @param cadre Cadre's values, one list per JVM (each non-empty)
     * @param pekko Pekko's values, likewise
     * @param seed the generator's seed
     * @throws IllegalArgumentException if a side has no values, or Pekko's median is 0
     */
    public static RatioInterval bootstrap(List<List<Double>> cadre, List<List<Double>> pekko, long seed) {
        double[][] c = arrays(cadre);
        double[][] p = arrays(pekko);
        double pm = median(pooled(p));
        if (pm == 0) {
            throw new IllegalArgumentException("Pekko's median is 0");
        }
        double ratio = median(pooled(c)) / pm;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] replicates = new double[REPLICATES];
        for (int r = 0; r < REPLICATES; r++) {
            double d = median(resample(p, rnd));
            replicates[r] = d == 0 ? Double.POSITIVE_INFINITY : median(resample(c, rnd)) / d;
        }
        Arrays.sort(replicates);
        return new RatioInterval(ratio, Summary.interpolated(replicates, 0.025),
                Summary.interpolated(replicates, 0.975));
    }

    private static double[][] arrays(List<List<Double>> byJvm) {
        List<double[]> out = new ArrayList<>();
        for (List<Double> jvm : byJvm) {
            if (!jvm.isEmpty()) {
                out.add(jvm.stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        return out.toArray(double[][]::new);
    }

    private static double[] pooled(double[][] byJvm) {
        return Arrays.stream(byJvm).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[] resample(double[][] byJvm, SplittableRandom rnd) {
        int total = 0;
        int[] picks = new int[byJvm.length];
        for (int j = 0; j < byJvm.length; j++) {
            picks[j] = rnd.nextInt(byJvm.length);
            total += byJvm[picks[j]].length;
        }
        double[] out = new double[total];
        int k = 0;
        for (int pick : picks) {
            double[] jvm = byJvm[pick];
            for (int i = 0; i < jvm.length; i++) {
                out[k++] = jvm[rnd.nextInt(jvm.length)];
            }
        }
        return out;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return Summary.median(v);
    }
}
