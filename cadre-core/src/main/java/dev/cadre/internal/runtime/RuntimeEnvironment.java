package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Props;
import dev.cadre.actor.Signal;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;

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

        /**
         * A sender found an {@code Overflow.block} mailbox full: {@code attempt} is retried until it
         * succeeds or {@code timeoutNanos} have passed. Production blocks the sending thread in
         * between ({@code park}, on {@link System#nanoTime()}); a deterministic dispatcher runs the
         * other actors instead, on its own clock, since there is no other thread to make room.
         *
         * @param attempt tries the send once; true when done (enqueued, or a dead letter)
         * @param timeoutNanos how long the sender may wait
         * @param park blocks until there may be room, or the deadline passes (then returns false)
         * @return true if {@code attempt} succeeded in time
         * @throws InterruptedException if interrupted while waiting
         */
        default boolean awaitRoom(BooleanSupplier attempt, long timeoutNanos, Park park) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!attempt.getAsBoolean()) {
                if (!park.await(deadline)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Blocks a sender until a full mailbox may have room. */
    @FunctionalInterface
    interface Park {
        /**
         * @param deadlineNanos on {@link System#nanoTime()}
         * @return false if the deadline passed while it was still full
         * @throws InterruptedException if interrupted
         */
        boolean await(long deadlineNanos) throws InterruptedException;
    }

    /**
     * What a test observes of a system's actors, and where it injects faults: the testkit's
     * {@code BehaviorTestKit} (effects), trace hash and fault injection. Production has none
     * ({@link #hooks} returns null), and pays one null check per message delivered and none
     * elsewhere on the message path.
     *
     * <p>Each method runs on the thread of the actor concerned ({@code cell}), inside its
     * activation, except {@link #asked} (the asker's thread). The defaults do nothing.
     */
    interface Hooks {
        /**
         * A behaviour is about to be spawned.
         *
         * @param parent the parent ({@code /user} for top-level actors)
         * @param name the child's name
         * @param behavior the behaviour asked for
         * @param props its props
         * @param <U> its message type
         * @return the behaviour to run instead (the same one, normally)
         */
        default <U> Behavior<U> spawning(ActorCell<?> parent, String name, Behavior<U> behavior, Props props) {
            return behavior;
        }

        /**
         * A child was created (not started yet).
         *
         * @param parent the parent
         * @param child the child
         * @param declared the behaviour its parent asked for (before {@link #spawning})
         */
        default void spawned(ActorCell<?> parent, ActorCell<?> child, Behavior<?> declared) {
        }

        /**
         * {@code ctx.stop(child)}.
         *
         * @param parent the actor stopping its child
         * @param child the child
         */
        default void stopping(ActorCell<?> parent, ActorCell<?> child) {
        }

        /**
         * {@code ctx.watch} / {@code watchWith} (a new watch) or {@code unwatch} (of a watched actor).
         *
         * @param watcher the watcher
         * @param target the watched actor
         * @param watch true for watch, false for unwatch
         */
        default void watching(ActorCell<?> watcher, ActorCell<?> target, boolean watch) {
        }

        /**
         * {@code ctx.link} (a new link) or {@code unlink} (of a linked actor).
         *
         * @param cell the actor linking
         * @param other the other end
         * @param link true for link, false for unlink
         */
        default void linking(ActorCell<?> cell, ActorCell<?> other, boolean link) {
        }

        /**
         * A user timer was started (the receive timeout is not reported: advance the clock).
         *
         * @param cell the actor
         * @param key the timer's key
         * @param message what it sends
         * @param delayNanos the first delay
         * @param periodNanos the period, 0 for a single timer
         * @param task the delayed task that sends it (running it fires the timer)
         */
        default void timerStarted(ActorCell<?> cell, Object key, Object message, long delayNanos, long periodNanos,
                ScheduledFuture<?> task) {
        }

        /**
         * A user timer was cancelled by the actor (or replaced by one with the same key).
         *
         * @param cell the actor
         * @param key the key
         */
        default void timerCancelled(ActorCell<?> cell, Object key) {
        }

        /**
         * An ask is about to send its request.
         *
         * @param target the recipient
         * @param request the request
         * @param replyTo the temporary reply-to ref (a reply completes the ask)
         * @param timeoutNanos its timeout
         */
        default void asked(ActorRef<?> target, Object request, ActorRef<?> replyTo, long timeoutNanos) {
        }

        /**
         * A stash buffer was created ({@code Behaviors.withStash}).
         *
         * @param cell the actor
         * @param stash the buffer ({@link StashView#contents()} reads it)
         */
        default void stashCreated(ActorCell<?> cell, StashView stash) {
        }

        /**
         * A message is about to reach the behaviour. Throwing fails the actor as if its handler
         * had thrown on this message.
         *
         * @param cell the actor
         * @param message the message (its own type; adapters and timers already resolved)
         * @return true to deliver it, false to skip it (a fault injected by a test)
         * @throws Exception to crash the handler
         */
        default boolean delivering(ActorCell<?> cell, Object message) throws Exception {
            return true;
        }

        /**
         * A signal is about to reach the behaviour. Throwing is a failure of the signal handler.
         *
         * @param cell the actor
         * @param signal the signal
         * @throws Exception to fail the signal handler
         */
        default void signalling(ActorCell<?> cell, Signal signal) throws Exception {
        }
    }

    /**
     * @param systemName the system's name
     * @return the hooks of the system's actors, or null for none (production)
     */
    default Hooks hooks(String systemName) {
        return null;
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

    /** A stash buffer, as a test reads it. */
    interface StashView {
        /** @return the stashed messages, oldest first (a copy; the buffer is unchanged) */
        java.util.List<Object> contents();
    }
}
