package dev.cadre.internal.mailbox;

import dev.cadre.actor.Overflow;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * INTERNAL API. A bounded MPSC queue for the {@link Overflow.Block}, {@link Overflow.DropNewest}
 * and {@link Overflow.Reject} policies: the node queue of {@link MpscNodeQueue}, admission-
 * controlled by a reservation counter.
 *
 * <p><b>Invariant: {@code count <= capacity} at every instant.</b> A producer first reserves a
 * slot by CASing {@code count} from c to c + 1 with c &lt; capacity, and only then links its node;
 * the consumer decrements {@code count} after unlinking. So the number of linked-but-unconsumed
 * messages never exceeds {@code count}, which never exceeds the capacity.
 *
 * <p><b>Waiting for room</b> (Block only) is the slow path: a producer takes {@code lock},
 * increments {@code waiters}, re-checks {@code count}, and waits on {@code notFull}. The consumer,
 * after each decrement, reads {@code waiters} and, if non-zero, signals under the lock. Both sides
 * write one volatile and then read the other's (Dekker), so either the producer sees the room or
 * the consumer sees the waiter; and the consumer's lock acquisition cannot complete until the
 * producer is waiting, so the signal is not lost. On a ForkJoinPool worker the wait goes through
 * {@link ForkJoinPool#managedBlock}, which lets the pool add a spare thread: a blocked actor never
 * starves the actor it is waiting for.
 */
public final class BoundedNodeQueue extends MpscNodeQueue {
    private static final VarHandle COUNT;
    private static final VarHandle DROPPED;
    private static final VarHandle LOCK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(BoundedNodeQueue.class, "count", int.class);
            DROPPED = l.findVarHandle(BoundedNodeQueue.class, "dropped", long.class);
            LOCK = l.findVarHandle(BoundedNodeQueue.class, "lock", ReentrantLock.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final Overflow overflow;
    private volatile int count;
    private volatile long dropped;
    private volatile int waiters;
    private volatile ReentrantLock lock; // created by the first waiter
    private Condition notFull; // guarded by lock

    public BoundedNodeQueue(int capacity, Overflow overflow) {
        this.capacity = capacity;
        this.overflow = overflow;
    }

    @Override
    public int offer(Object value) {
        int c;
        do {
            c = count;
            if (c >= capacity) {
                return FULL;
            }
        } while (!COUNT.weakCompareAndSet(this, c, c + 1));
        recordDepth(c + 1);
        link(value);
        return OK;
    }

    @Override
    public Object poll() {
        Object v = super.poll(); // counts it taken
        if (v != null) {
            COUNT.getAndAdd(this, -1);
            if (waiters != 0) {
                signalRoom();
            }
        }
        return v;
    }

    private void signalRoom() {
        ReentrantLock l = lock;
        l.lock();
        try {
            notFull.signal();
        } finally {
            l.unlock();
        }
    }

    @Override
    public int depth() {
        return count;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Overflow overflow() {
        return overflow;
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public void countDrop() {
        DROPPED.getAndAdd(this, 1L);
    }

    @Override
    public boolean awaitRoom(long deadlineNanos) throws InterruptedException {
        if (count < capacity) {
            return true;
        }
        RoomWaiter w = new RoomWaiter(deadlineNanos);
        if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
            ForkJoinPool.managedBlock(w);
        } else {
            w.block();
        }
        return count < capacity || System.nanoTime() - deadlineNanos < 0;
    }

    private ReentrantLock lock() {
        ReentrantLock l = lock;
        if (l == null) {
            ReentrantLock fresh = new ReentrantLock();
            Object witness = LOCK.compareAndExchange(this, null, fresh);
            l = witness == null ? fresh : (ReentrantLock) witness;
        }
        return l;
    }

    private final class RoomWaiter implements ForkJoinPool.ManagedBlocker {
        private final long deadline;

        RoomWaiter(long deadline) {
            this.deadline = deadline;
        }

        @Override
        @SuppressWarnings("NonAtomicVolatileUpdate") // waiters: changed under the lock only
        public boolean block() throws InterruptedException {
            ReentrantLock l = lock();
            l.lock();
            try {
                if (notFull == null) {
                    notFull = l.newCondition();
                }
                waiters++;
                try {
                    long left;
                    while (count >= capacity && (left = deadline - System.nanoTime()) > 0) {
                        notFull.awaitNanos(left);
                    }
                } finally {
                    waiters--;
                }
            } finally {
                l.unlock();
            }
            return true;
        }

        @Override
        public boolean isReleasable() {
            return count < capacity || System.nanoTime() - deadline >= 0;
        }
    }
}
