package dev.cadre.observe;

/**
 * Whole-system figures of a {@link Snapshot}. Totals count since the observer started, except
 * where they say otherwise; rates are per second over the last sampling interval.
 *
 * @param actors living actors under {@code /user}
 * @param mailboxDepth messages waiting in all their mailboxes
 * @param processed messages processed (since the observer started; work an actor did between
 *     its last sample and its stop is not counted)
 * @param processedPerSecond messages processed per second
 * @param deadLetters dead letters since the system started (exact: the runtime's count)
 * @param deadLettersPerSecond dead letters per second
 * @param overflowDrops dead letters of a full mailbox (dropped newest or oldest, rejected), since
 *     the system started
 * @param failures crash reports (handler failures)
 * @param failuresPerSecond crash reports per second
 * @param restarts restarts in place
 * @param restartsPerSecond restarts per second
 * @param longMailboxes actors whose mailbox is long now
 * @param feedSuppressed crash reports and dead letters left out of the feed by its rate limit
 */
public record SystemStats(int actors, long mailboxDepth, long processed, double processedPerSecond, long deadLetters,
        double deadLettersPerSecond, long overflowDrops, long failures, double failuresPerSecond, long restarts,
        double restartsPerSecond, int longMailboxes, long feedSuppressed) {
}
