package dev.cadre.bench.versus;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one measured run produced: a value per metric, or the reason it is not available. A child
 * JVM prints exactly one result line on stdout; the runner parses it back:
 *
 * <pre>
 * RESULT throughput=12345678.9
 * RESULT time=1.234 bytes-per-actor=312.5
 * NA bounded mailbox API not merged yet
 * </pre>
 *
 * @param values the measured values (empty when not available)
 * @param unavailable why there is no value, or {@code null} when there is
 */
public record Result(Map<Metric, Double> values, String unavailable) {

    /** Prefix of a result line. */
    public static final String PREFIX = "RESULT ";
    /** Prefix of a not-available line. */
    public static final String NA_PREFIX = "NA ";

    /** Copies the values; a result has values or a reason, not both. */
    public Result {
        EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
        if (values.isEmpty() == (unavailable == null)) {
            throw new IllegalArgumentException("a result has either values or a reason for having none");
        }
    }

    /**
     * @param values metric values, at least one
     * @return a measured result
     */
    public static Result of(Map<Metric, Double> values) {
        return new Result(values, null);
    }

    /**
     * @param metric the metric
     * @param value its value
     * @return a result with one value
     */
    public static Result of(Metric metric, double value) {
        return of(Map.of(metric, value));
    }

    /**
     * @param reason why there is nothing to measure
     * @return a not-available result
     */
    public static Result notAvailable(String reason) {
        return new Result(Map.of(), reason.isBlank() ? "not available" : reason.strip());
    }

    /** @return true if this result carries values */
    public boolean available() {
        return unavailable == null;
    }

    /**
     * @param metric a metric
     * @return its value, if measured
     */
    public Optional<Double> get(Metric metric) {
        return Optional.ofNullable(values.get(metric));
    }

    /** @return the line a child prints */
    public String toLine() {
        if (!available()) {
            return NA_PREFIX + unavailable.replace('\n', ' ');
        }
        StringBuilder sb = new StringBuilder("RESULT");
        values.forEach((m, v) -> sb.append(' ').append(m.id()).append('=').append(String.format(Locale.ROOT, "%.6g", v)));
        return sb.toString();
    }

    /**
     * Finds the result line in a child's stdout.
     *
     * @param stdout everything the child printed on stdout
     * @return the result, or empty if no result line is there
     * @throws IllegalArgumentException if a result line is malformed
     */
    public static Optional<Result> parse(String stdout) {
        for (String line : stdout.split("\\R")) {
            if (line.startsWith(NA_PREFIX)) {
                return Optional.of(notAvailable(line.substring(NA_PREFIX.length())));
            }
            if (line.startsWith(PREFIX)) {
                EnumMap<Metric, Double> values = new EnumMap<>(Metric.class);
                String body = line.substring(PREFIX.length()).trim();
                for (String field : body.isEmpty() ? new String[0] : body.split("\\s+")) {
                    int eq = field.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("malformed field '" + field + "' in: " + line);
                    }
                    double v = Double.parseDouble(field.substring(eq + 1));
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("non-finite value in: " + line);
                    }
                    values.put(Metric.byId(field.substring(0, eq)), v);
                }
                if (values.isEmpty()) {
                    throw new IllegalArgumentException("result line without values: " + line);
                }
                return Optional.of(of(values));
            }
        }
        return Optional.empty();
    }
}
