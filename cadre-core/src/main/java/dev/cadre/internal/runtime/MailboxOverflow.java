package dev.cadre.internal.runtime;

import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.MailboxFullException;
import dev.cadre.actor.OfferResult;
import dev.cadre.actor.Overflow;
import dev.cadre.internal.mailbox.MessageQueue;
import java.time.Duration;

/**
 * INTERNAL API. What a send does when a bounded mailbox is full: the overflow policies, off the
 * hot path of {@link ActorCell#tell}. Any thread (the sender's).
 */
final class MailboxOverflow {
    private MailboxOverflow() {
    }

    /** The mailbox of {@code c}: a drop-oldest one makes what it evicts a dead letter. */
    static MessageQueue queueFor(Mailbox spec, ActorCell<?> c) {
        return spec instanceof Mailbox.Bounded b && b.overflow() instanceof Overflow.DropOldest
                ? MessageQueue.create(spec, evicted -> c.system.deadLetters.publish(Envelope.unwrap(evicted), c.self,
                        DeadLetter.Reason.DROPPED_OLDEST))
                : MessageQueue.create(spec, null);
    }

    /** {@code tell} found the mailbox full: apply its overflow policy. */
    static void tellFull(ActorCell<?> c, Object message) {
        switch (c.mailbox.overflow()) {
            case Overflow.DropNewest d -> drop(c, message, DeadLetter.Reason.DROPPED_NEWEST);
            case Overflow.Reject r -> drop(c, message, DeadLetter.Reason.REJECTED);
            case Overflow.Block b -> tellBlocking(c, message, b.timeout().toNanos());
            case Overflow.DropOldest d -> throw new IllegalStateException("a drop-oldest mailbox is never full");
        }
    }

    /** {@code offer} found the mailbox full: it never waits. */
    static OfferResult offerFull(ActorCell<?> c, Object message) {
        if (c.mailbox.overflow() instanceof Overflow.DropNewest) {
            drop(c, message, DeadLetter.Reason.DROPPED_NEWEST);
            return OfferResult.DROPPED;
        }
        return OfferResult.FULL; // Block or Reject: the sender keeps the message
    }

    static void drop(ActorCell<?> c, Object message, DeadLetter.Reason reason) {
        c.mailbox.countDrop();
        c.system.deadLetters.publish(Envelope.unwrap(message), c.self, reason);
    }

    /**
     * {@link Overflow.Block}: wait for room (see {@code BoundedNodeQueue}), at most {@code timeoutNanos}.
     * How to wait is the dispatcher's choice: production blocks this thread; a deterministic
     * dispatcher runs other actors meanwhile (see {@link RuntimeEnvironment.Dispatching#awaitRoom}).
     */
    private static void tellBlocking(ActorCell<?> c, Object message, long timeoutNanos) {
        MessageQueue mailbox = c.mailbox;
        try {
            if (!c.system.dispatching.awaitRoom(() -> sendAfterWait(c, message), timeoutNanos, mailbox::awaitRoom)) {
                mailbox.countDrop();
                throw new MailboxFullException("mailbox of " + c.path() + " stayed full (capacity "
                        + mailbox.capacity() + ") for " + Duration.ofNanos(timeoutNanos).toMillis()
                        + " ms; " + ActorCell.typeName(Envelope.unwrap(message)) + " was not delivered");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mailbox.countDrop();
            throw new MailboxFullException("interrupted while waiting for room in the mailbox of " + c.path() + "; "
                    + ActorCell.typeName(Envelope.unwrap(message)) + " was not delivered");
        }
    }

    /** One try of a blocked send: true when done (enqueued, or a dead letter because the actor stopped). */
    private static boolean sendAfterWait(ActorCell<?> c, Object message) {
        if (c.isTerminated()) {
            c.system.deadLetters.publish(Envelope.unwrap(message), c.self, DeadLetter.Reason.RECIPIENT_TERMINATED);
            return true;
        }
        if (c.mailbox.offer(message) == MessageQueue.OK) {
            c.trySchedule(true);
            return true;
        }
        return false;
    }
}
