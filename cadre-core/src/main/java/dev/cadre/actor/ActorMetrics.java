package dev.cadre.actor;

/**
 * A snapshot of one actor's mailbox and processing counters. They are always on and cheap: each
 * is a counter the runtime touches anyway, read without stopping the actor, so a snapshot of a
 * busy actor is approximate (each number was true at some instant during the read).
 *
 * @param path the actor's path
 * @param depth user messages waiting in its mailbox now (on an unbounded mailbox, while the actor
 *     works through a batch, it may still count up to {@code throughput - 1} it has already taken)
 * @param highWaterMark the largest depth seen so far
 * @param capacity the mailbox capacity, or -1 if unbounded
 * @param processed user messages handed to its behaviour
 * @param dropped messages its mailbox dropped or refused (overflow), all sent to dead letters or
 *     reported to the sender
 * @param failures exceptions thrown by its handlers
 * @param terminated whether the actor has stopped (the counters are then final)
 */
public record ActorMetrics(String path, int depth, int highWaterMark, int capacity, long processed, long dropped,
        long failures, boolean terminated) {
}
