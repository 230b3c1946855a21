package dev.cadre.actor;

/** What {@link ActorRef#offer} did with a message. It never blocks. */
public enum OfferResult {
    /** The message is in the mailbox (with {@link Overflow.DropOldest}, maybe at an older one's expense). */
    ENQUEUED,
    /** The mailbox was full and the policy is {@link Overflow.DropNewest}: the message was dropped (a dead letter). */
    DROPPED,
    /**
     * The mailbox was full ({@link Overflow.Block} or {@link Overflow.Reject}): the message was not
     * enqueued and is still the sender's to retry or discard. Not a dead letter.
     */
    FULL,
    /** The recipient has stopped: the message is a dead letter. */
    RECIPIENT_TERMINATED
}
