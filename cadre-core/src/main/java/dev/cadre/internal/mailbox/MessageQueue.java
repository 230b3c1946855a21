package dev.cadre.internal.mailbox;

import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import java.util.function.Consumer;

/**
 * INTERNAL API. An actor's user-message queue: any number of producers, one consumer (the thread
 * holding the actor's SCHEDULED bit). Implementations also keep the always-on mailbox counters
 * (depth, high-water mark, drops) where they are cheapest to keep: next to the queue's own state.
 */
public abstract class MessageQueue extends QueueNode {
    /** The message is queued. */
    public static final int OK = 0;
    /** The queue is full; the message is not queued (the overflow policy decides). */
    public static final int FULL = 1;

    /** Any thread. @return {@link #OK} or {@link #FULL} */
    public abstract int offer(Object message);

    /** Consumer only. @return the oldest message, or null if empty */
    public abstract Object poll();

    /** Exact for the consumer; a racy hint for anyone else. */
    public abstract boolean isEmpty();

    /** Messages queued now (a racy snapshot from other threads). */
    public abstract int depth();

    /** The largest depth observed. */
    public abstract int highWaterMark();

    /** @return messages polled so far (consumer's count; racy read from other threads) */
    public abstract long taken();

    /** The capacity, or -1 if unbounded. */
    public int capacity() {
        return -1;
    }

    /** The overflow policy, or null if unbounded. */
    public Overflow overflow() {
        return null;
    }

    /** Messages dropped or refused by this queue's overflow policy. */
    public long dropped() {
        return 0;
    }

    /** Counts one message lost to overflow. */
    public void countDrop() {
        throw new IllegalStateException("an unbounded mailbox drops nothing");
    }

    /**
     * Waits until the queue has room or the deadline passes ({@link Overflow.Block} only).
     *
     * @return true if there may be room now, false if the deadline passed first
     */
    public boolean awaitRoom(long deadlineNanos) throws InterruptedException {
        return true;
    }

    /**
     * The queue for a mailbox spec.
     *
     * @param spec the spec
     * @param evicted told each message a drop-oldest queue evicts (it must account for it); unused otherwise
     * @return a new empty queue
     */
    public static MessageQueue create(Mailbox spec, Consumer<Object> evicted) {
        return switch (spec) {
            case Mailbox.Unbounded u -> new MpscNodeQueue();
            case Mailbox.Bounded b when b.overflow() instanceof Overflow.DropOldest ->
                    new DropOldestQueue(b.capacity(), evicted);
            case Mailbox.Bounded b -> new BoundedNodeQueue(b.capacity(), b.overflow());
        };
    }
}
