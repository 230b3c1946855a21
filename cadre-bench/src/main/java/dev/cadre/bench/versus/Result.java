package dev.cadre.bench.versus;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one timed iteration measured: a value per metric of its scenario, and its timed
 * {@link Region} (wall time, GC pauses, CPU, load).
 *
 * @param values the measured values, at least one
 * @param region the timed region
 */
public record Result(Map<Metric, Double> values, Region.Stats region) {

    /** Copies the values; a result has at least one, all finite. */
    public Result {
        EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
        copy.putAll(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a result needs at least one value");
        }
        copy.forEach((m, v) -> {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("non-finite " + m.id() + ": " + v);
            }
        });
        values = Collections.unmodifiableMap(copy);
        java.util.Objects.requireNonNull(region, "region");
    }

    /**
     * {@return the result}
     *
     * @param values metric values
     * @param region the timed region
     */
    public static Result of(Map<Metric, Double> values, Region.Stats region) {
        return new Result(values, region);
    }

    /**
     * {@return a result with one value}
     *
     * @param metric the metric
     * @param value its value
     * @param region the timed region
     */
    public static Result of(Metric metric, double value, Region.Stats region) {
        return new Result(Map.of(metric, value), region);
    }

    /**
     * {@return its value, if measured}
     *
     * @param metric a metric
     */
    public Optional<Double> get(Metric metric) {
        return Optional.ofNullable(values.get(metric));
    }
}
