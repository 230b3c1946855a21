package dev.cadre.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How a {@link DeterministicScheduler} chooses what runs next, among the actors ready to run (and
 * the timers that are due). Every choice depends only on the seed and on what happened before, so
 * one seed gives one execution.
 *
 * <ul>
 *   <li>{@link #random()}: a uniform choice at every step (the default; good at finding shallow
 *       races quickly).
 *   <li>{@link #pct(int, long)}: Probabilistic Concurrency Testing (Burckhardt et al., ASPLOS
 *       2010): random priorities per actor, always the highest-priority ready actor, and
 *       {@code depth - 1} random points where the running actor drops to the lowest priority. It
 *       finds a bug of depth {@code d} with probability at least 1/(n k^(d-1)) per run, for n
 *       actors and k steps: better than uniform choice at deep orderings.
 *   <li>{@link #roundRobin()}: first ready, first run (FIFO); ignores the seed. What production
 *       does on one thread, roughly: the baseline schedule.
 * </ul>
 *
 * A strategy is a factory: {@link #start(long)} makes a fresh {@link Picker} for each run.
 */
public interface SchedulingStrategy {

    /**
     * {@return a picker for one run}
     *
     * @param seed the run's seed
     */
    Picker start(long seed);

    /** Chooses, step by step, for one run. Called on the test's thread only. */
    interface Picker {
        /**
         * {@return the index of what runs next}
         *
         * @param ready the actors ready to run, in an order that depends only on the run so far
         * @param timerDue whether a due timer may fire instead: index {@code ready.size()} picks it
         */
        int pick(List<ActorHandle> ready, boolean timerDue);
    }

    /** {@return uniform random choice at every step} */
    static SchedulingStrategy random() {
        return new Named("random", seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            return (ready, timerDue) -> rng.nextInt(ready.size() + (timerDue ? 1 : 0));
        });
    }

    /** {@return FIFO: the actor that became ready first runs first; due timers before actors} */
    static SchedulingStrategy roundRobin() {
        return new Named("round-robin", seed -> (ready, timerDue) -> {
            if (timerDue) {
                return ready.size();
            }
            int best = 0;
            for (int i = 1; i < ready.size(); i++) {
                if (ready.get(i).readySince < ready.get(best).readySince) {
                    best = i;
                }
            }
            return best;
        });
    }

    /**
     * PCT: random actor priorities with {@code depth - 1} priority change points.
     *
     * @param depth the bug depth aimed at (ordering constraints), at least 1
     * @param expectedSteps roughly how many steps a run takes (where change points fall)
     * @return the strategy
     */
    static SchedulingStrategy pct(int depth, long expectedSteps) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, was " + depth);
        }
        if (expectedSteps < 1) {
            throw new IllegalArgumentException("expectedSteps must be >= 1, was " + expectedSteps);
        }
        return new Named("pct(depth " + depth + ", steps " + expectedSteps + ")", seed -> new Pct(seed, depth,
                expectedSteps));
    }

    /**
     * A strategy with a name (for the replay line and reports).
     *
     * @param name shown in reports
     * @param factory makes a picker from a seed
     */
    record Named(String name, java.util.function.LongFunction<Picker> factory) implements SchedulingStrategy {
        /**
         * Names a strategy.
         *
         * @param name shown in reports
         * @param factory makes a picker from a seed
         */
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(factory, "factory");
        }

        @Override
        public Picker start(long seed) {
            return factory.apply(seed);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The PCT picker (state of one run). */
    final class Pct implements Picker {
        private final SplittableRandom rng;
        private final long[] changePoints;
        private final int depth;
        private long step;
        private int changed;
        private final long timerPriority;

        Pct(long seed, int depth, long expectedSteps) {
            this.rng = new SplittableRandom(seed);
            this.depth = depth;
            List<Long> points = new ArrayList<>();
            for (int i = 0; i < depth - 1; i++) {
                points.add(1 + rng.nextLong(expectedSteps));
            }
            points.sort(null);
            this.changePoints = points.stream().mapToLong(Long::longValue).toArray();
            this.timerPriority = depth + rng.nextLong(1L << 40);
        }

        @Override
        public int pick(List<ActorHandle> ready, boolean timerDue) {
            step++;
            int best = -1;
            long bestPriority = Long.MIN_VALUE;
            for (int i = 0; i < ready.size(); i++) {
                ActorHandle h = ready.get(i);
                if (h.priority == Long.MIN_VALUE) {
                    h.priority = depth + rng.nextLong(1L << 40); // first sight: a random initial priority
                }
                if (h.priority > bestPriority || (h.priority == bestPriority && h.id < ready.get(best).id)) {
                    best = i;
                    bestPriority = h.priority;
                }
            }
            if (timerDue && (best < 0 || timerPriority > bestPriority)) {
                best = ready.size();
            }
            if (changed < changePoints.length && step >= changePoints[changed]) {
                changed++;
                if (best < ready.size()) {
                    ready.get(best).priority = (long) depth - changed; // below every initial priority
                }
            }
            return best;
        }
    }
}
