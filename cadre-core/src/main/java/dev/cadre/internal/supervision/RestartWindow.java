package dev.cadre.internal.supervision;

import java.util.ArrayDeque;

/**
 * INTERNAL API. OTP's {@code add_restart}: the times of recent restarts in a sliding window; one
 * more restart than {@code max} within {@code period} means "give up". The one implementation,
 * used by a {@code SupervisorLogic} (its intensity) and by an actor's own
 * {@code Directive.Restart.withLimit}. Owner-thread only.
 */
public final class RestartWindow {
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    /**
     * Records a restart at {@code now}.
     *
     * @param max restarts allowed in the window; negative: unlimited
     * @param periodNanos the window
     * @param now the time of this restart ({@link System#nanoTime()})
     * @return true if the restart is allowed, false if it makes more than {@code max} in the window
     */
    public boolean tryRecord(int max, long periodNanos, long now) {
        if (max < 0) {
            return true;
        }
        times.addLast(now);
        while (!times.isEmpty() && now - times.peekFirst() > periodNanos) {
            times.pollFirst();
        }
        return times.size() <= max;
    }
}
