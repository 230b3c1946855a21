package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.internal.dispatch.DispatcherPool;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The production {@link RuntimeEnvironment}: {@link System#nanoTime()}, one daemon
 * timer thread per system, a {@link DispatcherPool} for ordinary actors and a virtual thread per
 * activation for {@code Props.virtualThreads()} actors.
 */
final class RealEnvironment implements RuntimeEnvironment {
    static final RealEnvironment INSTANCE = new RealEnvironment();
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.actor");
    /** Delays this long (about 146 years) or longer are capped: "practically never". */
    static final long NEVER = Long.MAX_VALUE / 2;

    private RealEnvironment() {
    }

    @Override
    public Timing timing(String systemName) {
        return new RealTiming(systemName);
    }

    @Override
    public Dispatching dispatching(String systemName, ActorSystemConfig config) {
        return new RealDispatching(systemName, config);
    }

    /** A timer thread; cancelled tasks are purged in bulk (see {@link #schedule}). */
    static final class RealTiming implements Timing {
        private static final int PURGE_AT = 16_384;
        private final String name;
        private final ScheduledThreadPoolExecutor timers;
        private final AtomicBoolean purging = new AtomicBoolean();

        RealTiming(String name) {
            this.name = name;
            this.timers = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "cadre-" + name + "-timers");
                t.setDaemon(true);
                return t;
            });
            // Cancelled timeouts stay queued until purged: removing each one on cancel makes the
            // next ask's timeout the queue's head, and every new head wakes the timer thread. That
            // wake-up per ask was the largest cost of a sequential ask (cadre-bench).
            this.timers.setRemoveOnCancelPolicy(false);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public double nextRandom() {
            return ThreadLocalRandom.current().nextDouble();
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
            maybePurge();
            try {
                return timers.schedule(task, Math.min(delayNanos, NEVER), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("actor system '{}' is terminated: a timer task was not scheduled", name);
                return CancelledTimer.INSTANCE;
            }
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelayNanos, long periodNanos) {
            Runnable guarded = () -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.error("actor system '{}': a repeating timer task failed; it keeps running", name, t);
                }
            };
            try {
                return timers.scheduleAtFixedRate(guarded, Math.min(initialDelayNanos, NEVER), periodNanos,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                return CancelledTimer.INSTANCE;
            }
        }

        /**
         * Bounds the cancelled tasks left in the queue: when there are many, one caller (the first
         * to win the flag) removes the cancelled ones. O(n), paid once per {@value #PURGE_AT} tasks
         * queued, so amortised O(1) per schedule.
         */
        private void maybePurge() {
            if (timers.getQueue().size() >= PURGE_AT && purging.compareAndSet(false, true)) {
                try {
                    timers.purge();
                } finally {
                    purging.set(false);
                }
            }
        }

        @Override
        public int pendingTasks() {
            int live = 0;
            for (Runnable r : timers.getQueue()) {
                if (!(r instanceof java.util.concurrent.Future<?> f) || !f.isCancelled()) {
                    live++;
                }
            }
            return live;
        }

        @Override
        public void shutdown() {
            for (Runnable task : timers.shutdownNow()) {
                if (task instanceof ScheduledFuture<?> f) {
                    f.cancel(false);
                }
            }
        }
    }

    /** A ForkJoinPool (async mode, one platform thread per core) and virtual threads. */
    static final class RealDispatching implements Dispatching {
        private final DispatcherPool pool;
        private final ExecutorService virtualExecutor;
        private final String virtualPrefix;

        RealDispatching(String name, ActorSystemConfig config) {
            this.pool = new DispatcherPool(config.parallelism(), name,
                    (t, e) -> LOG.error("uncaught exception on {}", t.getName(), e));
            this.virtualPrefix = "cadre-" + name + "-vt-";
            this.virtualExecutor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name(virtualPrefix, 0).factory());
        }

        @Override
        public void execute(ActorCell<?> cell, boolean virtualThread) {
            if (virtualThread) {
                virtualExecutor.execute(cell);
            } else {
                pool.schedule((ForkJoinTask<?>) cell);
            }
        }

        @Override
        public void afterActivation(boolean batchExhausted) {
            pool.afterActivation(batchExhausted);
        }

        @Override
        public boolean awaitRoom(BooleanSupplier attempt, long timeoutNanos, Park park)
                throws InterruptedException {
            DispatcherPool.releaseNext(); // the consumer this sender waits for may be the one it readied
            return Dispatching.super.awaitRoom(attempt, timeoutNanos, park);
        }

        @Override
        public boolean runsActors(Thread t) {
            return (t instanceof ForkJoinWorkerThread w && w.getPool() == pool)
                    || (t.isVirtual() && t.getName().startsWith(virtualPrefix));
        }

        @Override
        public void shutdown() {
            pool.shutdown();
            virtualExecutor.shutdown();
        }

        @Override
        public boolean awaitTermination(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            boolean poolDone = pool.awaitTermination(nanos, TimeUnit.NANOSECONDS);
            boolean virtualDone = virtualExecutor.awaitTermination(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS); // waited for even when the pool timed out
            return poolDone && virtualDone;
        }

        @Override
        public void shutdownNow() {
            pool.shutdownNow();
            virtualExecutor.shutdownNow();
        }
    }

    /** What is returned for a task scheduled after the timer thread is gone. */
    static final class CancelledTimer implements ScheduledFuture<Object> {
        static final CancelledTimer INSTANCE = new CancelledTimer();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return Long.compare(0, o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            throw new java.util.concurrent.CancellationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new java.util.concurrent.CancellationException();
        }
    }
}
