package dev.cadre.internal.runtime;

import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;

/**
 * INTERNAL API. An actor's user-message queue: any number of producers, one consumer (the thread
 * holding the actor's SCHEDULED bit). Implementations also keep the always-on mailbox counters
 * (depth, high-water mark, drops) where they are cheapest to keep: next to the queue's own state.
 */
abstract class MessageQueue {
    /** The message is queued. */
    static final int OK = 0;
    /** The queue is full; the message is not queued (the overflow policy decides). */
    static final int FULL = 1;

    /** Any thread. @return {@link #OK} or {@link #FULL} */
    abstract int offer(Object message);

    /** Consumer only. @return the oldest message, or null if empty */
    abstract Object poll();

    /** Exact for the consumer; a racy hint for anyone else. */
    abstract boolean isEmpty();

    /** Messages queued now (a racy snapshot from other threads). */
    abstract int depth();

    /** The largest depth observed. */
    abstract int highWaterMark();

    /** The capacity, or -1 if unbounded. */
    int capacity() {
        return -1;
    }

    /** The overflow policy, or null if unbounded. */
    Overflow overflow() {
        return null;
    }

    /** Messages dropped or refused by this queue's overflow policy. */
    long dropped() {
        return 0;
    }

    /** Counts one message lost to overflow. */
    void countDrop() {
        throw new IllegalStateException("an unbounded mailbox drops nothing");
    }

    /**
     * Waits until the queue has room or the deadline passes ({@link Overflow.Block} only).
     *
     * @return true if there may be room now, false if the deadline passed first
     */
    boolean awaitRoom(long deadlineNanos) throws InterruptedException {
        return true;
    }

    static MessageQueue create(Mailbox spec, ActorCell<?> owner) {
        return switch (spec) {
            case Mailbox.Unbounded u -> new MpscNodeQueue();
            case Mailbox.Bounded b when b.overflow() instanceof Overflow.DropOldest ->
                    new DropOldestQueue(b.capacity(), owner);
            case Mailbox.Bounded b -> new BoundedNodeQueue(b.capacity(), b.overflow());
        };
    }
}
