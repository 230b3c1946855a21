package dev.cadre.internal.supervision;

import dev.cadre.actor.Backoff;

/**
 * INTERNAL API. The state of one actor's backoff: how many restarts in a row, and when the last
 * one was due; the delay grows with each and resets after {@code resetAfter} without one. The one
 * implementation, used by a {@code SupervisorLogic} (per child) and by an actor's own
 * {@code Directive.restartWithBackoff}. Owner-thread only.
 */
public final class BackoffClock {
    private int count;
    private long lastDue = Long.MIN_VALUE;

    /**
     * The delay before the next restart, and records it.
     *
     * @param spec the backoff settings
     * @param now the system's clock
     * @param random in [0, 1), for the jitter
     * @return the delay in nanoseconds
     */
    public long nextDelayNanos(Backoff spec, long now, double random) {
        if (lastDue != Long.MIN_VALUE && now - lastDue > spec.resetAfter().toNanos()) {
            count = 0;
        }
        long delay = spec.delayFor(count, random).toNanos();
        if (count < Integer.MAX_VALUE) {
            count++;
        }
        lastDue = now + delay;
        return delay;
    }
}
