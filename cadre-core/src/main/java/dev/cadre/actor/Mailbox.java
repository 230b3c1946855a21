package dev.cadre.actor;

import java.util.Objects;

/**
 * The mailbox an actor gets at spawn time ({@link Props#withMailbox}): unbounded, or bounded with
 * an explicit {@link Overflow} policy. System messages (stop, watch, signals) never count against
 * the capacity and never wait behind user messages, so a full mailbox can always be stopped.
 *
 * <p><b>Default.</b> Unbounded, unless {@link ActorSystemConfig#withDefaultMailbox} says
 * otherwise. Unbounded is the default because a bounded one turns overload into blocked senders
 * or dropped messages, and that choice belongs to whoever designs the flow, not to a global
 * switch. Overload stays visible either way: every actor's depth and high-water mark are
 * measured ({@link ActorSystem#metrics}).
 */
public sealed interface Mailbox permits Mailbox.Unbounded, Mailbox.Bounded {

    /** No capacity limit: {@code tell} never blocks and never drops. */
    record Unbounded() implements Mailbox {
    }

    /**
     * At most {@code capacity} user messages wait; what happens to one more is the {@code overflow}
     * policy.
     *
     * @param capacity the most user messages queued at once, at least 1
     * @param overflow what a sender meets when the mailbox is full
     */
    record Bounded(int capacity, Overflow overflow) implements Mailbox {
        /**
         * Validates the mailbox.
         *
         * @param capacity at least 1
         * @param overflow not null
         * @throws IllegalArgumentException if capacity is less than 1
         */
        public Bounded {
            if (capacity < 1) {
                throw new IllegalArgumentException("mailbox capacity must be >= 1, was " + capacity);
            }
            Objects.requireNonNull(overflow, "overflow");
        }
    }

    /**
     * An unbounded mailbox.
     *
     * @return the spec
     */
    static Mailbox unbounded() {
        return new Unbounded();
    }

    /**
     * A bounded mailbox.
     *
     * @param capacity the most user messages queued at once, at least 1
     * @param overflow what a sender meets when it is full
     * @return the spec
     */
    static Mailbox bounded(int capacity, Overflow overflow) {
        return new Bounded(capacity, overflow);
    }
}
