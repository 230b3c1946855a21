package dev.cadre.internal.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * INTERNAL API. Unbounded multi-producer, single-consumer FIFO queue of non-null objects: Dmitry
 * Vyukov's non-intrusive MPSC node queue, plus the mailbox counters.
 *
 * <pre>
 *   consumerNode (stub, value consumed)       producerNode (newest)
 *        │                                          │
 *        ▼                                          ▼
 *      [  ] ──next──► [m1] ──next──► [m2] ──next──► [m3] ──next──► null
 * </pre>
 *
 * <p><b>The queue is its own first stub.</b> A new queue's stub is the queue object itself: every
 * queue is a {@link QueueNode}, and its inherited {@code next} is the stub's. So an empty,
 * never-used mailbox costs no node (a million idle actors save a million 24-byte nodes), and every
 * position in the chain has one type, so neither side's step tests for the queue or casts (that
 * test and those casts cost 5% of 64-pair ping-pong; cadre-bench/results/core-ab-2/README.md).
 * Once the consumer moves past it, the stub is an ordinary consumed node, as in Vyukov's queue.
 * {@code producerNode} never returns to the queue object, so after the first link no producer
 * writes the queue's {@code next} again, and the consumer clears it when it leaves (it would
 * otherwise keep the first consumed node alive).
 *
 * <p><b>Why not JCTools.</b> An actor is meant to cost hundreds of bytes. JCTools' MPSC queues
 * pad their hot fields against false sharing (hundreds of bytes per queue before the first
 * element), which is right for a few hot queues and wrong for a million mostly idle mailboxes.
 * This queue is a few fields, and no node until its first message.
 *
 * <p><b>Threading contract.</b> {@link #offer} may be called by any number of threads;
 * {@link #poll} and {@link #isEmpty} only by the one consumer.
 *
 * <p><b>Linearisation.</b> An offer takes effect at its XCHG of {@code producerNode}; the
 * element becomes reachable from the consumer when the previous node's {@code next} is set
 * (release store). Between the two a producer may be pre-empted: the queue is then non-empty
 * ({@code producerNode != consumerNode}) although {@code next} is still null, and {@link #poll}
 * spins until the link appears. That window is a few instructions long.
 *
 * <p><b>Counters.</b> {@code enqueued} is bumped by producers with one XADD (before linking);
 * {@code dequeued} is written by the consumer only (release store). Depth is their difference,
 * so it may include a message whose link is not yet visible. {@code enqueued} is an {@code int}
 * that wraps around (4 bytes less per mailbox): depth is the difference modulo 2<sup>32</sup> of
 * it and the low half of {@code dequeued}, exact while fewer than 2<sup>31</sup> messages wait;
 * {@code dequeued} stays a {@code long}, it is also the actor's processed count. The high-water mark is a racy
 * maximum: a producer that sees a depth above it raises it with a CAS; a lost race only means
 * another producer recorded a depth at least as high at about the same time. On this unbounded
 * queue the mark is recorded exactly up to 64 and in steps of 64 above (see {@link #offer}).
 *
 * <p><b>Batches (this class only, not its bounded subclass).</b> Producers write this object's
 * cache line on every offer (XADD {@code enqueued}, XCHG {@code producerNode}). If the consumer
 * also wrote it on every take ({@code consumerNode}, {@code dequeued}), the line would change
 * cores twice per message whenever producer and consumer run on different cores. So an activation
 * walks the nodes with a cursor of its own ({@link #cursor}, {@link #next}, {@link #take}) and
 * writes its position back once, at the end ({@link #commit}); it publishes {@code dequeued} on
 * its first take (so an actor blocked in its first handler shows the exact depth) and at the end.
 * Measured: fan-in 1.43x (1.30–1.63; cadre-bench/results/core-ab-2/README.md). What that changes:
 * <ul>
 *   <li>while a batch runs, {@code depth()} and the high-water mark may count up to its takes after
 *       the first (at most the throughput, 64 by default, less one) as still waiting, and
 *       {@code taken()} lags by as many;
 *   <li>a take clears the node's value, so a {@link #poll} from the committed position (the
 *       mailbox drained to dead letters by a handler that stopped its actor) skips the nodes the
 *       batch took, and {@link #commit} then leaves the position where that poll moved it.
 * </ul>
 */
public class MpscNodeQueue extends MessageQueue {

    /** A message's link; {@code value} is null once consumed. */
    static final class Node extends QueueNode {
        Object value; // written before publication; cleared by the consumer

        Node(Object value) {
            this.value = value;
        }
    }

    private static final VarHandle PRODUCER;
    private static final VarHandle NEXT;
    private static final VarHandle ENQUEUED;
    private static final VarHandle DEQUEUED;
    static final VarHandle HWM;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER = l.findVarHandle(MpscNodeQueue.class, "producerNode", QueueNode.class);
            NEXT = l.findVarHandle(QueueNode.class, "next", QueueNode.class);
            ENQUEUED = l.findVarHandle(MpscNodeQueue.class, "enqueued", int.class);
            DEQUEUED = l.findVarHandle(MpscNodeQueue.class, "dequeued", long.class);
            HWM = l.findVarHandle(MpscNodeQueue.class, "highWaterMark", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Newest node (or this queue, until the first link); swapped (XCHG) by producers. */
    private volatile QueueNode producerNode;
    /** Last consumed node (the stub; this queue until the first poll); touched only by the consumer. */
    private QueueNode consumerNode;
    /** Messages offered (unbounded only); XADD by producers. */
    private volatile int enqueued;
    /** Messages polled; consumer only, release store. */
    private long dequeued;
    /** Largest depth seen; racy max by CAS. */
    private volatile int highWaterMark;

    /** Creates an empty queue. */
    public MpscNodeQueue() {
        consumerNode = this;
        producerNode = this;
    }

    @Override
    public int offer(Object value) {
        int depth = (int) ENQUEUED.getAndAdd(this, 1) + 1 - (int) (long) DEQUEUED.getOpaque(this);
        // Exact below 64; above, only multiples of 64 are recorded, so a growing backlog does not
        // CAS the high-water mark on every offer (measured: that CAS, on the producers' hot cache
        // line, cost a large share of fan-in throughput). The mark is then within 63 of the peak.
        if (depth < 64 || (depth & 63) == 0) {
            recordDepth(depth);
        }
        link(value);
        return OK;
    }

    /**
     * Appends {@code values[from..to)} in order, as one chain: one XADD and one XCHG for the lot
     * instead of one each per message, so a producer that has many messages for one actor (a
     * transport's network thread, with a batch from another node) trades the queue's cache line
     * with the consumer once per chain, not once per message. The chain's inner links are plain
     * writes, published by the release store that links the chain's head (the consumer's acquire
     * read of that link makes them visible). Other producers' messages go before or after the
     * chain, never into it. Unbounded queues only ({@link #batches}): a bounded queue needs a room
     * check per message.
     *
     * @param values the messages, none null
     * @param from the first index
     * @param to one past the last index
     */
    public final void offerAll(Object[] values, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        Node head = new Node(values[from]);
        Node tail = head;
        for (int i = from + 1; i < to; i++) {
            Node x = new Node(values[i]);
            tail.next = x; // plain: published by the release store in linkChain
            tail = x;
        }
        int depth = (int) ENQUEUED.getAndAdd(this, n) + n - (int) (long) DEQUEUED.getOpaque(this);
        recordDepth(depth);
        QueueNode prev = (QueueNode) PRODUCER.getAndSet(this, tail);
        NEXT.setRelease(prev, head);
    }

    /** Appends {@code value}; wait-free (one XCHG). */
    final void link(Object value) {
        Node n = new Node(value);
        QueueNode prev = (QueueNode) PRODUCER.getAndSet(this, n);
        NEXT.setRelease(prev, n);
    }

    /** Raises the high-water mark to {@code depth} if it is higher. */
    final void recordDepth(int depth) {
        int h;
        while (depth > (h = highWaterMark)) {
            if (HWM.weakCompareAndSet(this, h, depth)) {
                return;
            }
        }
    }

    @Override
    public Object poll() {
        Object v = unlink();
        if (v != null) {
            DEQUEUED.setRelease(this, dequeued + 1);
        }
        return v;
    }

    /** Removes the head (consumer only); null if empty. */
    final Object unlink() {
        QueueNode start = consumerNode;
        QueueNode c = start;
        for (;;) {
            QueueNode next = linkedAfter(c);
            if (next == null) {
                moveTo(start, c);
                return null;
            }
            c = next;
            Node n = (Node) next; // only the queue itself is not a Node, and it is never a next
            Object v = n.value;
            if (v != null) { // null: taken by a batch that has not committed yet (see the class doc)
                n.value = null;
                moveTo(start, c);
                return v;
            }
        }
    }

    /** The node after {@code c}, or null if {@code c} is the newest; waits out an imminent link. */
    private QueueNode linkedAfter(QueueNode c) {
        QueueNode next = (QueueNode) NEXT.getAcquire(c);
        if (next == null) {
            if (c == producerNode) {
                return null;
            }
            // NOTE: a producer won the XCHG but has not linked yet; its store is imminent.
            do {
                Thread.onSpinWait();
                next = (QueueNode) NEXT.getAcquire(c);
            } while (next == null);
        }
        return next;
    }

    /** The consumer's position moves from {@code from} to {@code to}. */
    private void moveTo(QueueNode from, QueueNode to) {
        if (to != from) {
            consumerNode = to;
            if (from == this) {
                next = null; // no producer writes it again (producerNode has left this queue for good)
            }
        }
    }

    /**
     * Batches: true for this unbounded queue alone (a bounded queue's room depends on an exact
     * {@code dequeued}).
     *
     * @return whether {@link #cursor}, {@link #next}, {@link #take} and {@link #commit} may be used
     */
    public final boolean batches() {
        return getClass() == MpscNodeQueue.class;
    }

    /** @return the consumer's position, where a batch starts (consumer only) */
    public final QueueNode cursor() {
        return consumerNode;
    }

    /**
     * @param cursor a batch's position
     * @return the node holding the next message after {@code cursor}, or null if there is none
     *     (consumer only)
     */
    public final QueueNode next(QueueNode cursor) {
        // Only a stopping actor polls (its mailbox drained to dead letters), and its batch takes
        // nothing after that: no node after a batch's cursor was taken by anyone else.
        return linkedAfter(cursor);
    }

    /**
     * Takes the message of a node {@link #next} returned (consumer only).
     *
     * @param node the node, the batch's position from now on
     * @param first it is the batch's first take: {@code dequeued} is published at once
     * @return its message
     */
    public final Object take(QueueNode node, boolean first) {
        Node n = (Node) node;
        Object v = n.value;
        n.value = null;
        if (first) {
            DEQUEUED.setRelease(this, dequeued + 1);
        }
        return v;
    }

    /**
     * Ends a batch (consumer only): its position and count become the queue's.
     *
     * @param start where it started ({@link #cursor})
     * @param cursor where it ended
     * @param taken how many it took (the first already published)
     */
    public final void commit(QueueNode start, QueueNode cursor, int taken) {
        if (consumerNode == start) {
            moveTo(start, cursor);
        } // else a poll during the batch went past it (it skips what the batch took)
        if (taken > 1) {
            DEQUEUED.setRelease(this, dequeued + taken - 1);
        }
    }

    @Override
    public final boolean isEmpty() {
        return consumerNode == producerNode;
    }

    @Override
    public int depth() {
        int d = enqueued - (int) (long) DEQUEUED.getOpaque(this); // modulo 2^32
        return Math.max(0, d);
    }

    @Override
    public final long taken() {
        return (long) DEQUEUED.getOpaque(this);
    }

    @Override
    public final int highWaterMark() {
        return highWaterMark;
    }
}
