package dev.cadre.testkit;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a probe waits: on the wall clock for a system on real threads, or by running a deterministic
 * system's scheduler on virtual time (so "wait 5 s" takes as long as the actors need, and "no
 * message for 5 s" is exact).
 */
interface Waiting {
    /** {@return the clock waits are measured on, in nanoseconds} */
    long now();

    /** {@return the next element, or null if none came within {@code nanos}} */
    <E> E poll(BlockingQueue<E> q, long nanos);

    /** {@return true if the latch opened within {@code nanos}} */
    boolean await(CountDownLatch latch, long nanos);

    /** Real threads, wall clock. */
    Waiting REAL = new Waiting() {
        @Override
        public long now() {
            return System.nanoTime();
        }

        @Override
        public <E> E poll(BlockingQueue<E> q, long nanos) {
            try {
                return q.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a message", e);
            }
        }

        @Override
        public boolean await(CountDownLatch latch, long nanos) {
            try {
                return latch.await(nanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    };

    /** A deterministic system: waiting is running its scheduler, on its virtual clock. */
    static Waiting deterministic(DeterministicScheduler scheduler) {
        return new Waiting() {
            @Override
            public long now() {
                return scheduler.time().nanoTime();
            }

            @Override
            public <E> E poll(BlockingQueue<E> q, long nanos) {
                scheduler.runUntil(() -> !q.isEmpty(), Duration.ofNanos(Math.max(0, nanos)));
                return q.poll();
            }

            @Override
            public boolean await(CountDownLatch latch, long nanos) {
                return scheduler.runUntil(() -> latch.getCount() == 0, Duration.ofNanos(Math.max(0, nanos)));
            }
        };
    }
}
