package dev.cadre.examples.learn.fromscratch;

import java.util.Comparator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;

// tag::tiny-mailbox[]
/**
 * Teaching code (step 6), not the runtime: the mailbox as a separate, swappable part. Each
 * implementation is a different contract with the senders: in what order messages arrive, how
 * many may wait, and what happens to one more.
 *
 * @param <M> the message type
 */
public interface TinyMailbox<M> {

    /**
     * Enqueues, or refuses if the mailbox is full. Any thread.
     *
     * @param message what a sender told
     * @return false if it was refused
     */
    boolean offer(M message);

    /**
     * Waits for and removes the next message. The actor's loop thread only.
     *
     * @return the next message, by this mailbox's order
     * @throws InterruptedException if the loop is stopped while it waits
     */
    M take() throws InterruptedException;

    /**
     * FIFO, unbounded: never refuses; a backlog grows without limit.
     *
     * @param <M> the message type
     * @return a new, empty mailbox
     */
    static <M> TinyMailbox<M> fifo() {
        return of(new LinkedBlockingQueue<>());
    }

    /**
     * FIFO, at most {@code capacity} waiting: one more is refused, and the sender is told.
     *
     * @param <M> the message type
     * @param capacity how many messages may wait, at least 1
     * @return a new, empty mailbox
     */
    static <M> TinyMailbox<M> bounded(int capacity) {
        return of(new ArrayBlockingQueue<>(capacity));
    }

    /**
     * Most urgent first: no longer FIFO, not even for messages from one sender.
     *
     * @param <M> the message type
     * @param mostUrgentFirst orders the messages, the most urgent first
     * @return a new, empty mailbox, unbounded
     */
    static <M> TinyMailbox<M> priority(Comparator<M> mostUrgentFirst) {
        return of(new PriorityBlockingQueue<>(11, mostUrgentFirst));
    }

    private static <M> TinyMailbox<M> of(BlockingQueue<M> queue) {
        return new TinyMailbox<>() {
            @Override
            public boolean offer(M message) {
                return queue.offer(message);
            }

            @Override
            public M take() throws InterruptedException {
                return queue.take();
            }
        };
    }
}
// end::tiny-mailbox[]
