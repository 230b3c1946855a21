package dev.cadre.internal.mailbox;

import dev.cadre.actor.Overflow;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * INTERNAL API. A bounded queue for {@link Overflow.DropOldest}: a producer that finds it full
 * evicts the oldest message to make room. Eviction means a producer removes from the consumer's
 * end, which a single-consumer lock-free queue cannot allow, so this queue is an
 * {@link ArrayDeque} guarded by one lock (a {@link ReentrantLock}, which does not pin virtual
 * threads on Java 21). The evicted message is handed to the owner outside the lock (it becomes a dead letter).
 *
 * <p>Invariant: {@code deque.size() <= capacity}, checked and kept under the lock.
 */
public final class DropOldestQueue extends MessageQueue {
    private final int capacity;
    /** Told each evicted message, outside the lock (the cell makes it a dead letter). */
    private final Consumer<Object> evictions;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Object> deque; // guarded by lock
    private volatile int size;
    private volatile int highWaterMark;
    private volatile long dropped;
    /** Polled messages; written by the consumer under the lock. */
    private volatile long taken;

    /**
     * Creates an empty queue.
     *
     * @param capacity at least 1
     * @param evictions told each evicted message
     */
    public DropOldestQueue(int capacity, Consumer<Object> evictions) {
        this.capacity = capacity;
        this.evictions = evictions;
        this.deque = new ArrayDeque<>(Math.min(capacity, 16));
    }

    @Override
    @SuppressWarnings("NonAtomicVolatileUpdate") // written under the lock only
    public int offer(Object message) {
        Object evicted = null;
        lock.lock();
        try {
            if (deque.size() == capacity) {
                evicted = deque.pollFirst();
                dropped++;
            }
            deque.addLast(message);
            int s = deque.size();
            size = s;
            if (s > highWaterMark) {
                highWaterMark = s;
            }
        } finally {
            lock.unlock();
        }
        if (evicted != null) {
            evictions.accept(evicted);
        }
        return OK;
    }

    @Override
    @SuppressWarnings("NonAtomicVolatileUpdate") // written under the lock only
    public Object poll() {
        if (size == 0) {
            return null;
        }
        lock.lock();
        try {
            Object m = deque.pollFirst();
            size = deque.size();
            if (m != null) {
                taken = taken + 1; // the one consumer, under the lock
            }
            return m;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int depth() {
        return size;
    }

    @Override
    public long taken() {
        return taken;
    }

    @Override
    public int highWaterMark() {
        return highWaterMark;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Overflow overflow() {
        return new Overflow.DropOldest();
    }

    @Override
    public long dropped() {
        return dropped;
    }
}
