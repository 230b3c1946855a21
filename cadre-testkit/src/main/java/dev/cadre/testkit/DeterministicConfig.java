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
 * @param faults what to inject (default {@link Faults#none()})
 * @param name the system's name (default {@code test})
 * @param systemConfig the system's settings (default: throughput 1, so every message is a
 *     scheduling point)
 */
public record DeterministicConfig(long seed, SchedulingStrategy strategy, Faults faults, String name,
        ActorSystemConfig systemConfig) {

    /** Validates. */
    public DeterministicConfig {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(faults, "faults (Faults.none() for none)");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(systemConfig, "systemConfig");
    }

    /**
     * {@return the defaults with this seed}
     *
     * @param seed the seed
     */
    public static DeterministicConfig seed(long seed) {
        return new DeterministicConfig(seed, SchedulingStrategy.random(), Faults.none(), "test",
                ActorSystemConfig.defaults().withThroughput(1));
    }

    /**
     * {@return a copy with this strategy}
     *
     * @param s the strategy
     */
    public DeterministicConfig withStrategy(SchedulingStrategy s) {
        return new DeterministicConfig(seed, s, faults, name, systemConfig);
    }

    /**
     * {@return a copy with these faults}
     *
     * @param f the faults ({@link Faults#none()} for none)
     */
    public DeterministicConfig withFaults(Faults f) {
        return new DeterministicConfig(seed, strategy, f, name, systemConfig);
    }

    /**
     * {@return a copy with this name}
     *
     * @param n the system's name
     */
    public DeterministicConfig withName(String n) {
        return new DeterministicConfig(seed, strategy, faults, n, systemConfig);
    }

    /**
     * {@return a copy with these settings}
     *
     * @param c the system's settings (parallelism is ignored: one thread runs everything)
     */
    public DeterministicConfig withSystemConfig(ActorSystemConfig c) {
        return new DeterministicConfig(seed, strategy, faults, name, c);
    }
}
