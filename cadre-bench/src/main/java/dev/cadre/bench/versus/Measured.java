package dev.cadre.bench.versus;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where a contestant hands its measured values, before tearing down its actor system. A child JVM
 * installs a sink for its measured iteration that prints the result and halts the JVM at once:
 * stopping a million Pekko actors takes longer than spawning them, and that time is not part of
 * any scenario. With no sink installed (warm-ups, tests), {@link #report} just returns the result
 * and the contestant tears down normally.
 */
public final class Measured {
    private static volatile @Nullable Consumer<Result> sink;

    private Measured() {
    }

    /**
     * {@return {@code r}, unless the sink halted the JVM}
     *
     * @param r the measured result
     */
    public static Result report(Result r) {
        Consumer<Result> s = sink;
        if (s != null) {
            s.accept(r);
        }
        return r;
    }

    /**
     * Installs the sink for the next results.
     *
     * @param s the sink, or null for none
     */
    static void sink(@Nullable Consumer<Result> s) {
        sink = s;
    }
}
