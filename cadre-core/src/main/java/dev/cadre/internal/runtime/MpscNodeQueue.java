package dev.cadre.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * INTERNAL API. Unbounded multi-producer, single-consumer FIFO queue of non-null objects: Dmitry
 * Vyukov's non-intrusive MPSC node queue.
 *
 * <pre>
 *   consumerNode (stub, value consumed)       producerNode (newest)
 *        │                                          │
 *        ▼                                          ▼
 *      [  ] ──next──► [m1] ──next──► [m2] ──next──► [m3] ──next──► null
 * </pre>
 *
 * <p><b>Why not JCTools.</b> An actor is meant to cost hundreds of bytes. JCTools' MPSC queues
 * pad their hot fields against false sharing (hundreds of bytes per queue before the first
 * element), which is right for a few hot queues and wrong for a million mostly idle mailboxes.
 * This queue is two reference fields plus one 24-byte stub node while empty.
 *
 * <p><b>Threading contract.</b> {@link #offer} may be called by any number of threads;
 * {@link #poll} and {@link #isEmpty} only by the one consumer (in the runtime: the thread holding
 * the actor's SCHEDULED bit).
 *
 * <p><b>Linearisation.</b> An offer takes effect at its XCHG of {@code producerNode}; the
 * element becomes reachable from the consumer when the previous node's {@code next} is set
 * (release store). Between the two a producer may be pre-empted: the queue is then non-empty
 * ({@code producerNode != consumerNode}) although {@code next} is still null, and {@link #poll}
 * spins until the link appears. That window is a few instructions long.
 */
public final class MpscNodeQueue {

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

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER = l.findVarHandle(MpscNodeQueue.class, "producerNode", Node.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Newest node; swapped (XCHG) by producers. */
    private volatile Node producerNode;
    /** Last consumed node (the stub); touched only by the consumer. */
    private Node consumerNode;

    /** Creates an empty queue. */
    public MpscNodeQueue() {
        Node stub = new Node(null);
        consumerNode = stub;
        producerNode = stub;
    }

    /**
     * Appends {@code value}; wait-free (one XCHG).
     *
     * @param value not null
     */
    public void offer(Object value) {
        Node n = new Node(value);
        Node prev = (Node) PRODUCER.getAndSet(this, n);
        NEXT.setRelease(prev, n);
    }

    /**
     * Removes the head. Consumer only.
     *
     * @return the oldest element, or null if the queue is empty
     */
    public Object poll() {
        Node c = consumerNode;
        Node next = (Node) NEXT.getAcquire(c);
        if (next == null) {
            if (c == producerNode) {
                return null;
            }
            // NOTE: a producer won the XCHG but has not linked yet; its store is imminent.
            do {
                Thread.onSpinWait();
                next = (Node) NEXT.getAcquire(c);
            } while (next == null);
        }
        Object v = next.value;
        next.value = null;
        consumerNode = next;
        return v;
    }

    /**
     * Whether the queue is empty. Exact for the consumer; a racy hint for anyone else.
     *
     * @return true if no element is queued
     */
    public boolean isEmpty() {
        return consumerNode == producerNode;
    }
}
