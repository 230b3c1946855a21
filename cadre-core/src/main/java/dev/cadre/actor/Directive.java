package dev.cadre.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * What to do about a failure: the one vocabulary of supervision, used by local supervision
 * ({@link Behaviors#supervise}: decided inside the failing actor) and by a {@link Supervisor}'s
 * decider (decided by the parent, with OTP's semantics).
 *
 * <ul>
 *   <li>{@link #restart()}: fresh state from the initial behaviour. Pending messages stay in the
 *       mailbox and go to the new incarnation; the failed message is not redelivered (it is
 *       reported with the exception). The old behaviour gets {@link PreRestart}; children are
 *       stopped; timers are cancelled.
 *   <li>{@link #resume()}: keep the state, skip the failed message (a failure outside a message
 *       handler has no state to keep: it is restarted instead).
 *   <li>{@link #stop()}: stop, with the failure in {@link Terminated#failure()}.
 *   <li>{@link #escalate()}: pass the failure up (locally: to a {@link Supervisor} parent, or the
 *       actor stops with it; in a supervisor's decider: the supervisor itself fails).
 *   <li>{@link #restartWithBackoff}: restart after a growing delay ({@link Backoff}); messages
 *       arriving meanwhile are kept (bounded by the mailbox).
 * </ul>
 *
 * <p><b>Limits.</b> Locally, a restart may be limited ({@link Restart#withLimit}) and delayed
 * ({@link #restartWithBackoff}). A {@link Supervisor} limits restarts with its intensity and delays
 * them with a child's {@link Supervisor.ChildSpec#withBackoff backoff}, so its decider returns the
 * four plain directives; a limited restart or a backoff from a decider is a configuration error,
 * and the supervisor fails with an {@link IllegalArgumentException} saying so.
 */
public sealed interface Directive permits Directive.Restart, Directive.Resume, Directive.Stop, Directive.Escalate,
        Directive.RestartWithBackoff {

    /** The window of {@link #restart()} when it has no limit (then unused): one second. */
    Duration DEFAULT_RESTART_WINDOW = Duration.ofSeconds(1);

    /**
     * Restart in place, at most {@code maxRestarts} times within {@code within} (a sliding window);
     * one more failure inside the window escalates it like {@link #escalate()}.
     *
     * @param maxRestarts the limit, or -1 for none (the default)
     * @param within the window; unused without a limit
     */
    record Restart(int maxRestarts, Duration within) implements Directive {
        /**
         * Validates the directive.
         *
         * @param maxRestarts -1 (no limit) or at least 1
         * @param within positive
         * @throws IllegalArgumentException naming the bad field
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
         * @return the directive
         */
        public Restart withLimit(int maxRestarts, Duration within) {
            return new Restart(maxRestarts, within);
        }

        /**

         * Returns whether restarts are limited.

         *

         * @return whether restarts are limited

         */
        public boolean limited() {
            return maxRestarts > 0;
        }

        @Override
        public String toString() {
            return Texts.directive(this);
        }
    }

    /** Keep the state; skip the message that failed. */
    record Resume() implements Directive {
        @Override
        public String toString() {
            return Texts.directive(this);
        }
    }

    /** Stop the actor. */
    record Stop() implements Directive {
        @Override
        public String toString() {
            return Texts.directive(this);
        }
    }

    /** Pass the failure up. */
    record Escalate() implements Directive {
        @Override
        public String toString() {
            return Texts.directive(this);
        }
    }

    /**
     * Restart after a delay that grows with each consecutive restart (see {@link Backoff}).
     *
     * @param backoff the delays
     */
    record RestartWithBackoff(Backoff backoff) implements Directive {
        /**
         * Validates the directive.
         *
         * @param backoff not null
         */
        public RestartWithBackoff {
            Objects.requireNonNull(backoff, "backoff");
        }

        /**
         * A copy with another reset period.
         *
         * @param resetAfter positive
         * @return the directive
         */
        public RestartWithBackoff withResetAfter(Duration resetAfter) {
            return new RestartWithBackoff(backoff.withResetAfter(resetAfter));
        }

        @Override
        public String toString() {
            return Texts.directive(this);
        }
    }

    /**
     * Restart, without limit.
     *
     * @return the directive; limit it with {@link Restart#withLimit}
     */
    static Restart restart() {
        return new Restart(-1, DEFAULT_RESTART_WINDOW);
    }

    /**
     * Keep the state and skip the failed message.
     *
     * @return the directive
     */
    static Directive resume() {
        return new Resume();
    }

    /**
     * Stop the actor.
     *
     * @return the directive
     */
    static Directive stop() {
        return new Stop();
    }

    /**
     * Pass the failure up.
     *
     * @return the directive
     */
    static Directive escalate() {
        return new Escalate();
    }

    /**
     * Restart with exponential backoff ({@link Backoff#of}: the count resets after
     * {@link Backoff#defaultResetAfter} without failure).
     *
     * @param minBackoff the first delay, positive
     * @param maxBackoff the largest delay, at least {@code minBackoff}
     * @param randomFactor jitter in [0, 1]
     * @return the directive; refine with {@link RestartWithBackoff#withResetAfter}
     */
    static RestartWithBackoff restartWithBackoff(Duration minBackoff, Duration maxBackoff, double randomFactor) {
        return new RestartWithBackoff(Backoff.of(minBackoff, maxBackoff, randomFactor));
    }

    /**
     * Restart after the delays of {@code backoff}.
     *
     * @param backoff the delays
     * @return the directive
     */
    static RestartWithBackoff restartWithBackoff(Backoff backoff) {
        return new RestartWithBackoff(backoff);
    }
}
