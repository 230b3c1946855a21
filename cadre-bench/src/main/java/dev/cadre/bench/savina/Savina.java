package dev.cadre.bench.savina;

import dev.cadre.bench.versus.CheckFailed;
import java.util.SplittableRandom;

/**
 * What the Savina workloads share on both runtimes: their fixed parameters, Savina's unit of work,
 * the chameneos colour table, and the seeded inputs (neighbour choices, bank transfers), so that
 * Cadre and Pekko run exactly the same workload and their results can be checked against one
 * expected value.
 *
 * <p>Savina: Shams Imam and Vivek Sarkar, "Savina - An Actor Benchmark Suite", AGERE! 2014
 * (github.com/shamsimam/savina). The workloads here follow its descriptions and default
 * parameters, written anew for typed actors: records for messages, functional behaviours, sizes
 * scaled so that an iteration takes a fraction of a second on 2 cores.
 */
public final class Savina {
    /** ThreadRing: actors in the ring (Savina's N). */
    public static final int RING_SIZE = 100;
    /** Fork-join throughput: actors (Savina's A). */
    public static final int FJ_ACTORS = 60;
    /** Chameneos: creatures (Savina's numChameneos). */
    public static final int CHAMENEOS = 100;
    /** Big: actors (Savina's W). */
    public static final int BIG_ACTORS = 120;
    /** Banking: accounts (Savina's A). */
    public static final int ACCOUNTS = 1_000;
    /** Banking: each account's opening balance, in cents. */
    public static final long OPENING_BALANCE = 1_000_000_000L;
    /** Philosophers (Savina's N). */
    public static final int PHILOSOPHERS = 20;
    /**
     * A workload that has not ended after this long is broken, not slow: full-size iterations take
     * well under 10 s. {@code -Dbench.savina.timeout.s=N} overrides it (the harness passes 20 for
     * {@code --quick} and {@code --smoke}, whose sizes are smaller).
     */
    public static final long TIMEOUT_SECONDS = Long.getLong("bench.savina.timeout.s", 60);
    /** Seed of every pseudo-random input. */
    public static final long SEED = 123_456;
    /** The angle of Savina's unit of work. */
    static final double THETA = 37.2;

    private Savina() {
    }

    /**
     * Savina's unit of work in the fork-join workloads: {@code sin(37.2)^2}, with a check that
     * keeps the JIT from removing it.
     *
     * @return the computed value (positive)
     */
    public static double work() {
        double s = Math.sin(THETA);
        double r = s * s;
        if (r <= 0) {
            throw new IllegalStateException("unrealistic result " + r);
        }
        return r;
    }

    /** The colours of a chameneos creature. */
    public enum Colour {
        /** A starting colour. */
        RED,
        /** A starting colour. */
        YELLOW,
        /** A starting colour. */
        BLUE,
        /**
         * In Savina's table, the colour of a creature that no longer meets: no creature starts
         * faded, and meeting a faded creature leaves both faded.
         */
        FADED;

        /**
         * {@return the i-th creature's starting colour: red, yellow, blue, red, ...}
         *
         * @param i the creature's index, not negative
         */
        public static Colour initial(int i) {
            return switch (i % 3) {
                case 0 -> RED;
                case 1 -> YELLOW;
                default -> BLUE;
            };
        }

        /**
         * The colour a creature takes after meeting one of {@code other}'s colour (Savina's table:
         * equal colours stay, different ones give the third; faded stays faded).
         *
         * @param other the other creature's colour
         * @return the new colour
         */
        public Colour complement(Colour other) {
            if (this == FADED || other == FADED) {
                return FADED;
            }
            if (this == other) {
                return this;
            }
            for (Colour c : new Colour[] {RED, YELLOW, BLUE}) {
                if (c != this && c != other) {
                    return c;
                }
            }
            throw new AssertionError(this + " " + other);
        }
    }

    /**
     * The neighbours one Big actor pings, in order: the same seeded sequence on both runtimes.
     *
     * @param id the actor's index
     * @return its generator
     */
    public static SplittableRandom bigRandom(int id) {
        return new SplittableRandom(SEED + id);
    }

    /**
     * The bank transfers of a banking run, generated as Savina does (a source among the lower 80%
     * of accounts, a destination above it, so waits never form a cycle) from a fixed seed.
     *
     * @param n how many
     * @return the transfers: {@code from[i]} pays {@code cents[i]} to {@code to[i]}
     */
    public static Transfers transfers(int n) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int[] from = new int[n];
        int[] to = new int[n];
        long[] cents = new long[n];
        for (int i = 0; i < n; i++) {
            int src = rnd.nextInt(ACCOUNTS / 10 * 8);
            int step = Math.max(1, rnd.nextInt(ACCOUNTS - src));
            from[i] = src;
            to[i] = src + step;
            cents[i] = 1L + rnd.nextInt(100_000);
        }
        return new Transfers(from, to, cents);
    }

    /**
     * A batch of transfers.
     *
     * @param from paying account per transfer
     * @param to receiving account per transfer
     * @param cents amount per transfer
     */
    @SuppressWarnings("ArrayRecordComponent") // the workload, built once and only read, never compared
    public record Transfers(int[] from, int[] to, long[] cents) {
        /** {@return how many} */
        public int size() {
            return from.length;
        }

        /** {@return every account's balance after all transfers, in any order} */
        public long[] expectedBalances() {
            long[] b = new long[ACCOUNTS];
            java.util.Arrays.fill(b, OPENING_BALANCE);
            for (int i = 0; i < from.length; i++) {
                b[from[i]] -= cents[i];
                b[to[i]] += cents[i];
            }
            return b;
        }

        /**
         * Checks the balances the accounts report against the replay.
         *
         * @param actual the reported balances, by account
         * @throws CheckFailed naming the first wrong account
         */
        public void check(long[] actual) {
            long[] expected = expectedBalances();
            long total = 0;
            for (int i = 0; i < ACCOUNTS; i++) {
                CheckFailed.equal("balance of account " + i, expected[i], actual[i]);
                total += actual[i];
            }
            CheckFailed.equal("money in the bank", OPENING_BALANCE * ACCOUNTS, total);
        }
    }

    /**
     * {@return {@code size / parts}, at least 1}
     *
     * @param size the requested size
     * @param parts how many equal parts
     */
    public static int perPart(long size, int parts) {
        return (int) Math.max(1, size / parts);
    }
}
