package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorSystemConfig;
import java.util.concurrent.ScheduledFuture;

/**
 * INTERNAL API (exported to {@code dev.cadre.testkit} only). Where an actor system gets its time,
 * its delayed tasks, its randomness and its threads. {@link #real()} is what every system uses in
 * production; the testkit supplies a deterministic one (virtual time, a seeded scheduler that runs
 * every actor on the test's thread). Production code pays one monomorphic interface call for it.
 */
public interface RuntimeEnvironment {

    /** Time, delayed tasks and randomness for one system. */
    interface Timing {
        /**
         * @return the current time, in the sense of {@link System#nanoTime()}
         */
        long nanoTime();

        /**
         * @return a random number in [0, 1) (backoff jitter)
         */
        double nextRandom();

        /**
         * Runs {@code task} after {@code delayNanos}. Never throws: once shut down, the task is
         * dropped and a cancelled future returned.
         *
         * @param task the task
         * @param delayNanos the delay, at least 0 (very large values mean "practically never")
         * @return a handle to cancel it
         */
        ScheduledFuture<?> schedule(Runnable task, long delayNanos);

        /**
         * Runs {@code task} repeatedly. A run that throws is logged and the schedule goes on.
         *
         * @param task the task
         * @param initialDelayNanos the first delay
         * @param periodNanos the period, positive
         * @return a handle to cancel it
         */
        ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelayNanos, long periodNanos);

        /**
         * @return tasks scheduled and not cancelled (the leak check of ask timeouts)
         */
        int pendingTasks();

        /** Cancels every pending task; later ones are dropped. */
        void shutdown();
    }

    /** The threads that run one system's actors. */
    interface Dispatching {
        /**
         * Runs one activation of {@code cell} soon (the cell holds its SCHEDULED bit).
         *
         * @param cell the actor
         * @param virtualThread it asked for a virtual thread ({@code Props.virtualThreads()})
         * @throws java.util.concurrent.RejectedExecutionException once shut down
         */
        void execute(ActorCell<?> cell, boolean virtualThread);

        /**
         * Called on the dispatching thread at the end of every activation of a pool actor.
         *
         * @param batchExhausted the actor used its whole throughput batch
         */
        void afterActivation(boolean batchExhausted);

        /**
         * @param t a thread
         * @return whether {@code t} runs this system's actors (close() from there would wait for itself)
         */
        boolean runsActors(Thread t);

        /** No new activations; running ones finish. */
        void shutdown();

        /**
         * Waits for running activations to finish.
         *
         * @param nanos at most this long
         * @return true if they all finished
         * @throws InterruptedException if interrupted
         */
        boolean awaitTermination(long nanos) throws InterruptedException;

        /** Abandons what still runs (interrupts it). */
        void shutdownNow();
    }

    /**
     * @param systemName the system's name (for thread names)
     * @return the system's timing
     */
    Timing timing(String systemName);

    /**
     * @param systemName the system's name (for thread names)
     * @param config its settings (parallelism)
     * @return the system's threads
     */
    Dispatching dispatching(String systemName, ActorSystemConfig config);

    /**
     * @return the production environment: the JVM's clock, a timer thread, a ForkJoinPool and
     *     virtual threads
     */
    static RuntimeEnvironment real() {
        return RealEnvironment.INSTANCE;
    }
}
