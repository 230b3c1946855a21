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
 * <p><b>The queue is its own first stub.</b> A new queue's stub is the queue object itself (its
 * {@code first} field plays the stub's {@code next}), so an empty, never-used mailbox costs no
 * node: a million idle actors save a million 24-byte nodes. Once the consumer moves past it, the
 * stub is an ordinary consumed node, as in Vyukov's queue. {@code producerNode} never returns to
 * the queue object, so after the first link no producer writes {@code first} again, and the
 * consumer clears it when it leaves (it would otherwise keep the first consumed node alive).
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
 * queue the mark is exact up to 64 and recorded in steps of 64 above (see {@link #offer}).
 */
public class MpscNodeQueue extends MessageQueue {

    /** A queue node; {@code value} is null only in the stub (consumed) node. */
    static final class Node {
        Node next; // written once by the producer with release semantics (NEXT.setRelease)
        Object value; // written before publication; cleared by the consumer

        Node(Object value) {
            this.value = value;
        }
    }

    private static final VarHandle PRODUCER;
    private static final VarHandle NEXT;
    private static final VarHandle FIRST;
    private static final VarHandle ENQUEUED;
    private static final VarHandle DEQUEUED;
    static final VarHandle HWM;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER = l.findVarHandle(MpscNodeQueue.class, "producerNode", Object.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
            FIRST = l.findVarHandle(MpscNodeQueue.class, "first", Node.class);
            ENQUEUED = l.findVarHandle(MpscNodeQueue.class, "enqueued", int.class);
            DEQUEUED = l.findVarHandle(MpscNodeQueue.class, "dequeued", long.class);
            HWM = l.findVarHandle(MpscNodeQueue.class, "highWaterMark", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Newest node (or this queue, until the first link); swapped (XCHG) by producers. */
    private volatile Object producerNode;
    /** Last consumed node (the stub; this queue until the first poll); touched only by the consumer. */
    private Object consumerNode;
    /** The queue as the first stub: its {@code next}. Written once by the first producer (release). */
    @SuppressWarnings("UnusedVariable") // read and written through FIRST, and cleared in unlink
    private Node first;
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

    /** Appends {@code value}; wait-free (one XCHG). */
    final void link(Object value) {
        Node n = new Node(value);
        Object prev = PRODUCER.getAndSet(this, n);
        if (prev == this) {
            FIRST.setRelease(this, n);
        } else {
            NEXT.setRelease((Node) prev, n);
        }
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
        Object c = consumerNode;
        Node next = nextOf(c);
        if (next == null) {
            if (c == producerNode) {
                return null;
            }
            // NOTE: a producer won the XCHG but has not linked yet; its store is imminent.
            do {
                Thread.onSpinWait();
                next = nextOf(c);
            } while (next == null);
        }
        Object v = next.value;
        next.value = null;
        consumerNode = next;
        if (c == this) {
            first = null; // no producer writes it again (producerNode has left this queue for good)
        }
        return v;
    }

    /** The node after {@code c} (acquire): {@code c} is a node, or this queue as the first stub. */
    private Node nextOf(Object c) {
        return c == this ? (Node) FIRST.getAcquire(this) : (Node) NEXT.getAcquire((Node) c);
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
