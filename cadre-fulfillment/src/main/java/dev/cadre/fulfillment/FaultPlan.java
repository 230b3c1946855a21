package dev.cadre.fulfillment;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where faults are injected, as a pure function of the seed: whether the {@code n}-th message
 * handled by an actor crashes it, and whether a slow consumer stalls on it, is
 * {@code hash(seed, actor, n) < rate}. A run with the same seed injects faults at the same points
 * of each actor's message sequence (which message is the {@code n}-th still depends on thread
 * timing, so two runs agree in the large, not message for message).
 *
 * <p>A crash is thrown <em>before</em> the handler changes anything, so an actor that resumes
 * after it is exactly as it was, minus the lost message; the saga's timeouts and retries recover
 * the message.
 */
public final class FaultPlan {
    private final long seed;
    private final double crashRate;
    private final double slowRate;
    private final LongAdder crashes = new LongAdder();
    private final LongAdder stalls = new LongAdder();
    private final java.util.concurrent.ConcurrentHashMap<String, Site> sites = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Creates a plan; the same seed injects the same faults.
     *
     * @param seed the run's seed
     * @param crashRate probability that a message crashes its handler, in [0, 1)
     * @param slowRate probability that a slow consumer stalls on a message, in [0, 1)
     */
    public FaultPlan(long seed, double crashRate, double slowRate) {
        this.seed = seed;
        this.crashRate = crashRate;
        this.slowRate = slowRate;
    }

    /** {@return a plan that injects nothing} */
    public static FaultPlan none() {
        return new FaultPlan(0, 0, 0);
    }

    /**
     * SplitMix64's finaliser: a good 64-bit mix.
     *
     * @param z the input
     * @return the mixed value
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * A uniform draw in [0, 1) fixed by (seed, stream, key, n).
     *
     * @param seed the seed
     * @param stream which kind of decision
     * @param key e.g. the actor's name or the order id
     * @param n e.g. the message count
     * @return the draw
     */
    public static double draw(long seed, long stream, String key, long n) {
        long h = mix(seed + 0x9E3779B97F4A7C15L * stream);
        h = mix(h ^ key.hashCode());
        h = mix(h + n);
        return (h >>> 11) * 0x1.0p-53;
    }

    /** {@return the probability of an injected crash per message} */
    public double crashRate() {
        return crashRate;
    }

    /** {@return crashes injected so far (the plan's own count, for the audit)} */
    public long crashesInjected() {
        return crashes.sum();
    }

    /** {@return stalls injected so far} */
    public long stallsInjected() {
        return stalls.sum();
    }

    /**
     * The fault points of one actor, the same object for the same name: its message count
     * survives restarts (otherwise a restarted actor would replay the same draws, and a crash on
     * its first message would repeat forever).
     *
     * @param name the actor's name, unique in the graph
     * @return the site
     */
    public Site site(String name) {
        return sites.computeIfAbsent(name, Site::new);
    }

    /**
     * Fault points kept by the actor itself (for actors that never restart, like orders, which
     * resume): not remembered here.
     *
     * @param name the actor's name
     * @return a new site
     */
    public Site ownSite(String name) {
        return new Site(name);
    }

    /** The fault points of one actor; used only from that actor (one thread at a time). */
    public final class Site {
        private final String name;
        private long n;

        private Site(String name) {
            this.name = name;
        }

        /**
         * Counts one message and throws if the plan crashes on it.
         *
         * @throws InjectedCrash if this message is to crash the handler
         */
        public void maybeCrash() {
            long i = n++;
            if (crashRate > 0 && draw(seed, 1, name, i) < crashRate) {
                crashes.increment();
                throw new InjectedCrash(name, i);
            }
        }

        /**
         * A slow consumer: sometimes sleeps 5-50 ms (call only on a virtual-thread actor).
         */
        public void maybeStall() {
            if (slowRate <= 0) {
                return;
            }
            double d = draw(seed, 2, name, n);
            if (d < slowRate) {
                stalls.increment();
                try {
                    Thread.sleep(5 + (long) (45 * d / slowRate));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
