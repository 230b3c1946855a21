package dev.cadre.internal.runtime;

import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Overflow;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * INTERNAL API. A bounded queue for {@link Overflow.DropOldest}: a producer that finds it full
 * evicts the oldest message to make room. Eviction means a producer removes from the consumer's
 * end, which a single-consumer lock-free queue cannot allow, so this queue is an
 * {@link ArrayDeque} guarded by one lock (a {@link ReentrantLock}, which does not pin virtual
 * threads on Java 21). The evicted message is published to dead letters outside the lock.
 *
 * <p>Invariant: {@code deque.size() <= capacity}, checked and kept under the lock.
 */
final class DropOldestQueue extends MessageQueue {
    private final int capacity;
    private final ActorCell<?> owner;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Object> deque; // guarded by lock
    private volatile int size;
    private volatile int highWaterMark;
    private volatile long dropped;

    DropOldestQueue(int capacity, ActorCell<?> owner) {
        this.capacity = capacity;
        this.owner = owner;
        this.deque = new ArrayDeque<>(Math.min(capacity, 16));
    }

    @Override
    int offer(Object message) {
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
            owner.system.deadLetters.publish(ActorCell.unwrap(evicted), owner.self, DeadLetter.Reason.DROPPED_OLDEST);
        }
        return OK;
    }

    @Override
    Object poll() {
        if (size == 0) {
            return null;
        }
        lock.lock();
        try {
            Object m = deque.pollFirst();
            size = deque.size();
            return m;
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean isEmpty() {
        return size == 0;
    }

    @Override
    int depth() {
        return size;
    }

    @Override
    int highWaterMark() {
        return highWaterMark;
    }

    @Override
    int capacity() {
        return capacity;
    }

    @Override
    Overflow overflow() {
        return new Overflow.DropOldest();
    }

    @Override
    long dropped() {
        return dropped;
    }
}
