package dev.cadre.observe;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Observer} samples a system. Immutable; start from {@link #defaults()} and change
 * what you need with the {@code withX} methods.
 *
 * @param interval how often the tree is walked and the rates computed (default 1 s; at least 50 ms)
 * @param longMailboxThreshold a mailbox this deep (or deeper) is long: one {@link MailboxAlert} and
 *     one log line when it becomes long (default 10,000; at least 1)
 * @param recoverBelow a long mailbox that drops to this depth (or less) has recovered: one more
 *     alert and log line (default half the threshold; in 0 .. threshold - 1, so the two cannot chatter)
 * @param feedRatePerSecond crash reports and dead letters shown per second at most; the rest are
 *     counted as suppressed (default 50; at least 1)
 * @param feedCapacity feed entries kept (default 200; at least 1)
 * @param groupAbove a parent with more children than this shows them as groups by kind
 *     ({@code order-17} is of kind {@code order-*}), expanded on demand (default 25; at least 1)
 */
public record ObserverConfig(Duration interval, int longMailboxThreshold, int recoverBelow, int feedRatePerSecond,
        int feedCapacity, int groupAbove) {

    /** The default sampling interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** The default long-mailbox threshold. */
    public static final int DEFAULT_LONG_MAILBOX_THRESHOLD = 10_000;

    /**
     * Validates the config.
     *
     * @param interval see the record
     * @param longMailboxThreshold see the record
     * @param recoverBelow see the record
     * @param feedRatePerSecond see the record
     * @param feedCapacity see the record
     * @param groupAbove see the record
     */
    public ObserverConfig {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(Duration.ofMillis(50)) < 0) {
            throw new IllegalArgumentException("interval must be at least 50 ms, was " + interval.toMillis() + " ms");
        }
        if (longMailboxThreshold < 1) {
            throw new IllegalArgumentException("longMailboxThreshold must be >= 1, was " + longMailboxThreshold);
        }
        if (recoverBelow < 0 || recoverBelow >= longMailboxThreshold) {
            throw new IllegalArgumentException("recoverBelow must be in 0.." + (longMailboxThreshold - 1)
                    + " (below longMailboxThreshold " + longMailboxThreshold + "), was " + recoverBelow);
        }
        if (feedRatePerSecond < 1 || feedCapacity < 1 || groupAbove < 1) {
            throw new IllegalArgumentException("feedRatePerSecond, feedCapacity and groupAbove must be >= 1, were "
                    + feedRatePerSecond + ", " + feedCapacity + ", " + groupAbove);
        }
    }

    /**
     * The defaults: sample every second, long mailboxes from 10,000 (recovered at 5,000), 50 feed
     * entries per second, 200 kept, groups above 25 children.
     *
     * @return the config
     */
    public static ObserverConfig defaults() {
        return new ObserverConfig(DEFAULT_INTERVAL, DEFAULT_LONG_MAILBOX_THRESHOLD, DEFAULT_LONG_MAILBOX_THRESHOLD / 2,
                50, 200, 25);
    }

    /**
     * {@return a copy with it}
     *
     * @param interval the sampling interval
     */
    public ObserverConfig withInterval(Duration interval) {
        return new ObserverConfig(interval, longMailboxThreshold, recoverBelow, feedRatePerSecond, feedCapacity,
                groupAbove);
    }

    /**
     * A copy with a long-mailbox threshold, recovering at half of it.
     *
     * @param threshold the depth from which a mailbox is long
     * @return the copy
     */
    public ObserverConfig withLongMailbox(int threshold) {
        return withLongMailbox(threshold, threshold / 2);
    }

    /**
     * {@return a copy with them}
     *
     * @param threshold the depth from which a mailbox is long
     * @param recoverBelow the depth at or under which it has recovered
     */
    public ObserverConfig withLongMailbox(int threshold, int recoverBelow) {
        return new ObserverConfig(interval, threshold, recoverBelow, feedRatePerSecond, feedCapacity, groupAbove);
    }

    /**
     * {@return a copy with them}
     *
     * @param perSecond feed entries per second at most
     * @param capacity feed entries kept
     */
    public ObserverConfig withFeed(int perSecond, int capacity) {
        return new ObserverConfig(interval, longMailboxThreshold, recoverBelow, perSecond, capacity, groupAbove);
    }

    /**
     * {@return a copy with it}
     *
     * @param groupAbove children from which a parent's children are grouped
     */
    public ObserverConfig withGroupAbove(int groupAbove) {
        return new ObserverConfig(interval, longMailboxThreshold, recoverBelow, feedRatePerSecond, feedCapacity,
                groupAbove);
    }
}
