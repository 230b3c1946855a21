package dev.cadre.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * What an actor wrapped with {@link Behaviors#supervise} does when its handler throws: decided
 * inside the failing actor, without involving its parent (Pekko's style, for single actors).
 * For trees of children with OTP semantics (one-for-all, rest-for-one, intensity, restart types),
 * use a {@link Supervisor}.
 *
 * <ul>
 *   <li>{@link #restart()}: fresh state from the initial behaviour. Pending messages stay in the
 *       mailbox and go to the new incarnation; the failed message is not redelivered (it is
 *       reported with the exception). The old behaviour gets {@link PreRestart}; children are
 *       stopped; timers are cancelled.
 *   <li>{@link #resume()}: keep the state, skip the failed message.
 *   <li>{@link #stop()}: stop, with the failure in {@link Terminated#failure()}.
 *   <li>{@link #restartWithBackoff}: restart after a growing delay; messages arriving meanwhile
 *       are kept (bounded by the mailbox).
 *   <li>{@link #escalate()}: pass the failure to the parent supervisor (if the parent is not a
 *       {@link Supervisor}, the actor stops with the failure).
 * </ul>
 */
public sealed interface SupervisorStrategy permits SupervisorStrategy.Restart, SupervisorStrategy.Resume,
        SupervisorStrategy.Stop, SupervisorStrategy.Escalate, SupervisorStrategy.Backoff {

    /**
     * Restart in place, at most {@code maxRestarts} times within {@code within} (sliding window);
     * one more failure inside the window escalates it like {@link #escalate()}.
     *
     * @param maxRestarts the limit, or -1 for none (the default)
     * @param within the window; ignored without a limit
     */
    record Restart(int maxRestarts, Duration within) implements SupervisorStrategy {
        /**
         * Validates the strategy.
         *
         * @param maxRestarts -1 (no limit) or at least 1
         * @param within positive
         */
        public Restart {
            if (maxRestarts < -1 || maxRestarts == 0) {
                throw new IllegalArgumentException("maxRestarts must be >= 1 (or -1 for no limit), was " + maxRestarts);
            }
            Objects.requireNonNull(within, "within");
            if (within.isZero() || within.isNegative()) {
                throw new IllegalArgumentException("within must be positive, was " + within);
            }
        }

        /**
         * A copy with a restart limit.
         *
         * @param maxRestarts at least 1
         * @param within positive
         * @return the strategy
         */
        public Restart withLimit(int maxRestarts, Duration within) {
            return new Restart(maxRestarts, within);
        }
    }

    /** Keep the state; skip the message that failed. */
    record Resume() implements SupervisorStrategy {
    }

    /** Stop the actor. */
    record Stop() implements SupervisorStrategy {
    }

    /** Pass the failure up to the parent supervisor. */
    record Escalate() implements SupervisorStrategy {
    }

    /**
     * Restart after a delay that doubles with each consecutive restart:
     * {@code min(max, min * 2^n) * (1 + random * randomFactor)}, capped at {@code max}; the count
     * {@code n} resets when the actor has run {@code resetAfter} without failing.
     * Example: min 100 ms, max 2 s, factor 0: 100, 200, 400, 800, 1600, 2000, 2000 ms.
     *
     * @param minBackoff the first delay, positive
     * @param maxBackoff the largest delay, at least {@code minBackoff}
     * @param randomFactor jitter in [0, 1]
     * @param resetAfter how long without failure resets the count; positive
     */
    record Backoff(Duration minBackoff, Duration maxBackoff, double randomFactor, Duration resetAfter)
            implements SupervisorStrategy {
        /**
         * Validates the strategy.
         *
         * @param minBackoff positive
         * @param maxBackoff at least {@code minBackoff}
         * @param randomFactor in [0, 1]
         * @param resetAfter positive
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
         * A copy with another reset period.
         *
         * @param resetAfter positive
         * @return the strategy
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
            double base = restarts >= 62 ? max : Math.min(max, min * Math.pow(2, restarts));
            double jittered = Math.min(max, base * (1 + random * randomFactor));
            return Duration.ofNanos((long) jittered);
        }
    }

    /**
     * Restart without limit.
     *
     * @return the strategy; refine with {@link Restart#withLimit}
     */
    static Restart restart() {
        return new Restart(-1, Duration.ofSeconds(1));
    }

    /**
     * Keep the state and skip the failed message.
     *
     * @return the strategy
     */
    static SupervisorStrategy resume() {
        return new Resume();
    }

    /**
     * Stop the actor.
     *
     * @return the strategy
     */
    static SupervisorStrategy stop() {
        return new Stop();
    }

    /**
     * Pass the failure to the parent supervisor.
     *
     * @return the strategy
     */
    static SupervisorStrategy escalate() {
        return new Escalate();
    }

    /**
     * Restart with exponential backoff; the count resets after {@code maxBackoff * 2} without failure.
     *
     * @param minBackoff the first delay, positive
     * @param maxBackoff the largest delay, at least {@code minBackoff}
     * @param randomFactor jitter in [0, 1]
     * @return the strategy; refine with {@link Backoff#withResetAfter}
     */
    static Backoff restartWithBackoff(Duration minBackoff, Duration maxBackoff, double randomFactor) {
        return new Backoff(minBackoff, maxBackoff, randomFactor,
                Objects.requireNonNull(maxBackoff, "maxBackoff").multipliedBy(2).plusMillis(1));
    }
}
