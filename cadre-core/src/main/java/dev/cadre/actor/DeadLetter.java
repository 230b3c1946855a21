package dev.cadre.actor;

import java.util.Objects;

/**
 * A message that was not delivered to (or not handled by) its recipient, with the reason.
 * Published on {@link ActorSystem#deadLetters()} and counted there.
 *
 * @param message the message
 * @param recipient the actor it was sent to
 * @param reason why it was not delivered
 */
public record DeadLetter(Object message, ActorRef<?> recipient, Reason reason) {

    /** Why a message became a dead letter. */
    public enum Reason {
        /** The recipient had stopped (or stopped before processing it). */
        RECIPIENT_TERMINATED,
        /** The recipient's behaviour returned {@link Behaviors#unhandled()} for it. */
        UNHANDLED,
        /** A reply to an {@code ask} that had already completed (timed out, or answered). */
        ASK_ALREADY_COMPLETED,
        /** Dropped on arrival by a full mailbox with {@link Overflow.DropNewest}. */
        DROPPED_NEWEST,
        /** Evicted from a full mailbox with {@link Overflow.DropOldest} to make room for a newer one. */
        DROPPED_OLDEST,
        /** Told to a full mailbox with {@link Overflow.Reject}. */
        REJECTED,
        /**
         * For an actor on another node, which was down (or declared down before it confirmed the
         * message): published by the extension that provides remote refs ({@link dev.cadre.actor.spi}).
         */
        NODE_DOWN,
        /**
         * Sent to another node, which was lost before it acknowledged the message: it may or may not
         * have been processed there. Published by the extension that provides remote refs.
         */
        UNCONFIRMED,
        /**
         * The extension that provides remote refs could not deliver it for another reason: it could
         * not be encoded or decoded, there was no room to send it in time, or the transport was
         * closed. The extension's own counters say which.
         */
        UNDELIVERABLE
    }

    /**
     * Validates the record.
     *
     * @param message not {@code null}
     * @param recipient not {@code null}
     * @param reason not {@code null}
     */
    public DeadLetter {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(reason, "reason");
    }
}
