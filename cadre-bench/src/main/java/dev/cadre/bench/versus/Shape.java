package dev.cadre.bench.versus;

/** How a scenario's size is split, identically for every contestant. */
public final class Shape {
    private Shape() {
    }

    /**
     * The ping-pong shape: every ball bounces between the two actors of its pair.
     *
     * @param pairs actor pairs
     * @param inFlight balls per pair
     * @param perBall deliveries per ball
     */
    public record Pairs(int pairs, int inFlight, long perBall) {
        /** {@return deliveries in total} */
        public long messages() {
            return (long) pairs * inFlight * perBall;
        }

        /** {@return balls in total} */
        public int balls() {
            return pairs * inFlight;
        }
    }

    /**
     * The fan-in shape: plain threads all telling one actor.
     *
     * @param senders sending threads
     * @param perSender messages each
     */
    public record Fanin(int senders, long perSender) {
        /** {@return messages in total} */
        public long messages() {
            return senders * perSender;
        }
    }

    /**
     * {@return the shape}
     *
     * @param pairs pairs
     * @param inFlight balls per pair
     * @param size total deliveries wanted (rounded down to a multiple of pairs × inFlight, at least one each)
     */
    public static Pairs pairs(int pairs, int inFlight, long size) {
        return new Pairs(pairs, inFlight, Math.max(1, size / ((long) pairs * inFlight)));
    }

    /**
     * {@return the shape}
     *
     * @param size total messages wanted (rounded down to a multiple of the senders)
     */
    public static Fanin fanin(long size) {
        return new Fanin(Scenario.FANIN_SENDERS, Math.max(1, size / Scenario.FANIN_SENDERS));
    }

    /**
     * {@return {@code size} itself}
     *
     * @param size leaves wanted
     * @throws IllegalArgumentException if it is not a power of 10 of at least 10
     */
    public static long skynetLeaves(long size) {
        long n = size;
        while (n > 1 && n % Scenario.SKYNET_FANOUT == 0) {
            n /= Scenario.SKYNET_FANOUT;
        }
        if (n != 1 || size < Scenario.SKYNET_FANOUT) {
            throw new IllegalArgumentException("skynet needs a power of 10 (>= 10) leaves, was " + size);
        }
        return size;
    }
}
