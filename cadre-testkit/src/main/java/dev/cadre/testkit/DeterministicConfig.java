package dev.cadre.testkit;

import dev.cadre.actor.ActorSystemConfig;
import java.util.Objects;

/**
 * How to build a deterministic kit ({@link ActorTestKit#deterministic(DeterministicConfig)}).
 *
 * <pre>{@code
 * var kit = ActorTestKit.deterministic(DeterministicConfig.seed(42)
 *         .withStrategy(SchedulingStrategy.pct(3, 5_000))
 *         .withFaults(Faults.none().crash("/user/shop/worker-*", 0.1)));
 * }</pre>
 *
 * @param seed the seed of the schedule (and of the faults' draws, and of backoff jitter)
 * @param strategy how the next actor to run is chosen (default {@link SchedulingStrategy#random()})
 * @param faults what to inject, or null for nothing
 * @param name the system's name (default {@code test})
 * @param systemConfig the system's settings (default: throughput 1, so every message is a
 *     scheduling point)
 */
public record DeterministicConfig(long seed, SchedulingStrategy strategy, Faults faults, String name,
        ActorSystemConfig systemConfig) {

    /** Validates. */
    public DeterministicConfig {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(systemConfig, "systemConfig");
    }

    /**
     * @param seed the seed
     * @return the defaults with this seed
     */
    public static DeterministicConfig seed(long seed) {
        return new DeterministicConfig(seed, SchedulingStrategy.random(), null, "test",
                ActorSystemConfig.defaults().withThroughput(1));
    }

    /**
     * @param s the strategy
     * @return a copy with it
     */
    public DeterministicConfig withStrategy(SchedulingStrategy s) {
        return new DeterministicConfig(seed, s, faults, name, systemConfig);
    }

    /**
     * @param f the faults (null for none)
     * @return a copy with them
     */
    public DeterministicConfig withFaults(Faults f) {
        return new DeterministicConfig(seed, strategy, f, name, systemConfig);
    }

    /**
     * @param n the system's name
     * @return a copy with it
     */
    public DeterministicConfig withName(String n) {
        return new DeterministicConfig(seed, strategy, faults, n, systemConfig);
    }

    /**
     * @param c the system's settings (parallelism is ignored: one thread runs everything)
     * @return a copy with them
     */
    public DeterministicConfig withSystemConfig(ActorSystemConfig c) {
        return new DeterministicConfig(seed, strategy, faults, name, c);
    }
}
