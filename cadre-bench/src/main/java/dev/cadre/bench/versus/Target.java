package dev.cadre.bench.versus;

import java.util.List;
import java.util.Optional;

/**
 * Issue 7's targets for the Cadre/Pekko ratio. They are reported next to the results, never
 * asserted: a benchmark that fails a build on a noisy 2-core machine would only teach people to
 * ignore it.
 *
 * @param scenario the scenario
 * @param metric the metric
 * @param ratio the bound on cadre/pekko
 * @param atLeast true if the ratio must be at least {@code ratio}, false if at most
 */
public record Target(Scenario scenario, Metric metric, double ratio, boolean atLeast) {

    /** Every target of issue 7. */
    public static final List<Target> ALL = List.of(
            new Target(Scenario.PINGPONG, Metric.THROUGHPUT, 1.5, true),
            new Target(Scenario.PINGPONG_PARALLEL, Metric.THROUGHPUT, 1.3, true),
            new Target(Scenario.FANIN, Metric.THROUGHPUT, 1.5, true),
            new Target(Scenario.FANIN_BOUNDED, Metric.THROUGHPUT, 1.5, true),
            new Target(Scenario.SPAWN, Metric.TIME, 0.5, false),
            new Target(Scenario.SPAWN, Metric.BYTES_PER_ACTOR, 0.5, false),
            new Target(Scenario.SKYNET, Metric.TIME, 0.7, false),
            new Target(Scenario.ASK, Metric.P99, 1.0, false));

    /**
     * {@return the target for that row, if there is one}
     *
     * @param scenario a scenario
     * @param metric one of its metrics
     */
    public static Optional<Target> of(Scenario scenario, Metric metric) {
        return ALL.stream().filter(t -> t.scenario == scenario && t.metric == metric).findFirst();
    }

    /**
     * {@return whether it meets this target}
     *
     * @param measured a measured cadre/pekko ratio
     */
    public boolean isMet(double measured) {
        return atLeast ? measured >= ratio : measured <= ratio;
    }

    /** {@return e.g. {@code >= 1.5}} */
    public String describe() {
        return (atLeast ? "≥ " : "≤ ") + ratio;
    }
}
