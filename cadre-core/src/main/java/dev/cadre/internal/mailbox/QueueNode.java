package dev.cadre.internal.mailbox;

/**
 * INTERNAL API. A link in an unbounded mailbox's chain. Every {@link MessageQueue} is one, so that
 * an {@link MpscNodeQueue} can be its own first stub (see there) with every position in its chain,
 * the queue included, of one type: the producer's and the consumer's step along the chain is a
 * plain field access, with no test for "is this the queue" and no cast (measured: the test and the
 * casts cost 5% of 64-pair ping-pong on one worker; cadre-bench/results/core-ab-2/README.md). The
 * message is in the subclass {@code MpscNodeQueue.Node}, so a queue carries no message field.
 */
public class QueueNode {
    /** The next link: written once by a producer (release store), read by the consumer (acquire). */
    QueueNode next;

    QueueNode() {
    }
}
