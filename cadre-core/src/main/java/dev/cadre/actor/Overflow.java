package dev.cadre.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to a message told to a full {@link Mailbox.Bounded bounded mailbox}. Every message
 * that is not enqueued is accounted for: counted in the actor's {@link ActorMetrics} and either
 * published to dead letters with its reason or reported to the sender synchronously.
 *
 * <table>
 *   <caption>Overflow policies</caption>
 *   <tr><th>policy</th><th>{@code tell} when full</th><th>{@code offer} when full</th></tr>
 *   <tr><td>{@link Block}</td><td>waits up to the timeout for room, then throws
 *       {@link MailboxFullException} (the sender keeps the message)</td><td>{@link OfferResult#FULL}</td></tr>
 *   <tr><td>{@link DropNewest}</td><td>drops this message: dead letter
 *       {@link DeadLetter.Reason#DROPPED_NEWEST}</td><td>{@link OfferResult#DROPPED}</td></tr>
 *   <tr><td>{@link DropOldest}</td><td>enqueues it and drops the oldest queued message: dead letter
 *       {@link DeadLetter.Reason#DROPPED_OLDEST}</td><td>{@link OfferResult#ENQUEUED}</td></tr>
 *   <tr><td>{@link Reject}</td><td>refuses it: dead letter {@link DeadLetter.Reason#REJECTED}</td>
 *       <td>{@link OfferResult#FULL}</td></tr>
 * </table>
 *
 * <p><b>Blocking senders.</b> A plain or virtual thread blocks. An actor on the shared pool that
 * tells a full {@code Block} mailbox blocks too, but through {@link java.util.concurrent.ForkJoinPool#managedBlock},
 * so the pool adds a spare thread and the receiver keeps running: the runtime cannot deadlock on
 * its own threads. A cycle of actors blocked on each other's full mailboxes is broken by the
 * timeout: the {@link MailboxFullException} fails the sender, whose supervisor decides.
 */
public sealed interface Overflow permits Overflow.Block, Overflow.DropNewest, Overflow.DropOldest, Overflow.Reject {

    /**
     * Block the sender until there is room, at most {@code timeout}.
     *
     * @param timeout how long a sender may wait; positive
     */
    record Block(Duration timeout) implements Overflow {
        /**
         * Validates the policy.
         *
         * @param timeout positive
         * @throws IllegalArgumentException if the timeout is zero or negative
         */
        public Block {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("block timeout must be positive, was " + timeout);
            }
        }
    }

    /** Drop the message being sent. */
    record DropNewest() implements Overflow {
    }

    /** Drop the oldest queued message to make room. */
    record DropOldest() implements Overflow {
    }

    /** Refuse the message being sent. */
    record Reject() implements Overflow {
    }

    /**
     * Block the sender, at most {@code timeout}.
     *
     * @param timeout positive
     * @return the policy
     */
    static Overflow block(Duration timeout) {
        return new Block(timeout);
    }

    /**
     * Drop the newest message (the one being sent).
     *
     * @return the policy
     */
    static Overflow dropNewest() {
        return new DropNewest();
    }

    /**
     * Drop the oldest queued message.
     *
     * @return the policy
     */
    static Overflow dropOldest() {
        return new DropOldest();
    }

    /**
     * Refuse the message being sent.
     *
     * @return the policy
     */
    static Overflow reject() {
        return new Reject();
    }
}
