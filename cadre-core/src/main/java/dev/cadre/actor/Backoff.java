package dev.cadre.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * Growing delays between restarts: {@code min(max, min * 2^n) * (1 + random * randomFactor)},
 * capped at {@code max}, where {@code n} counts the restarts in a row; the count resets when the
 * actor has run {@code resetAfter} without failing. Example: min 100 ms, max 2 s, factor 0:
 * 100, 200, 400, 800, 1600, 2000, 2000 ms. Used by {@link Directive#restartWithBackoff} (local
 * supervision) and {@link Supervisor.ChildSpec#withBackoff} (a supervisor's child).
 *
 * @param minBackoff the first delay, positive
 * @param maxBackoff the largest delay, at least {@code minBackoff}
 * @param randomFactor jitter in [0, 1]
 * @param resetAfter how long without failure resets the count; positive
 */
public record Backoff(Duration minBackoff, Duration maxBackoff, double randomFactor, Duration resetAfter) {

    /**
     * Validates the backoff.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public Backoff {
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (minBackoff.isZero() || minBackoff.isNegative()) {
            throw new IllegalArgumentException("minBackoff must be positive, was " + minBackoff);
        }
        if (minBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("minBackoff (" + minBackoff + ") must not exceed maxBackoff ("
                    + maxBackoff + ")");
        }
        if (!(randomFactor >= 0 && randomFactor <= 1)) {
            throw new IllegalArgumentException("randomFactor must be in [0, 1], was " + randomFactor);
        }
        if (resetAfter.isZero() || resetAfter.isNegative()) {
            throw new IllegalArgumentException("resetAfter must be positive, was " + resetAfter);
        }
    }

    /**
     * Delays from {@code minBackoff} to {@code maxBackoff}; the count resets after
     * {@link #defaultResetAfter(Duration)} without failure.
     *
     * @param minBackoff the first delay, positive
     * @param maxBackoff the largest delay, at least {@code minBackoff}
     * @param randomFactor jitter in [0, 1]
     * @return the backoff; refine with {@link #withResetAfter}
     */
    public static Backoff of(Duration minBackoff, Duration maxBackoff, double randomFactor) {
        return new Backoff(minBackoff, maxBackoff, randomFactor,
                defaultResetAfter(Objects.requireNonNull(maxBackoff, "maxBackoff")));
    }

    /**
     * The default reset period: a little more than twice the largest delay, so an actor that
     * waited the longest delay and then ran as long again without failing starts over.
     *
     * @param maxBackoff the largest delay
     * @return {@code 2 * maxBackoff + 1 ms}
     */
    public static Duration defaultResetAfter(Duration maxBackoff) {
        return maxBackoff.multipliedBy(2).plusMillis(1);
    }

    /**
     * A copy with another reset period.
     *
     * @param resetAfter positive
     * @return the backoff
     */
    public Backoff withResetAfter(Duration resetAfter) {
        return new Backoff(minBackoff, maxBackoff, randomFactor, resetAfter);
    }

    /**
     * The delay before restart number {@code restarts + 1}.
     *
     * @param restarts consecutive restarts so far (0 for the first)
     * @param random a number in [0, 1), the jitter draw
     * @return the delay
     */
    public Duration delayFor(int restarts, double random) {
        long min = minBackoff.toNanos();
        long max = maxBackoff.toNanos();
        double base = restarts >= 62 ? (double) max : Math.min((double) max, (double) min * Math.pow(2, restarts));
        double jittered = Math.min((double) max, base * (1 + random * randomFactor));
        return Duration.ofNanos((long) jittered);
    }

    @Override
    public String toString() {
        return "backoff " + Texts.duration(minBackoff) + ".." + Texts.duration(maxBackoff);
    }
}
