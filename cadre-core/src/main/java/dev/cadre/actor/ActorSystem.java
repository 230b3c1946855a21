package dev.cadre.actor;

import dev.cadre.bridge.Bridge;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A running tree of actors, with its threads and its dead letters. Top-level actors are spawned
 * under {@code /user}; closing the system stops every actor, children before parents, and waits.
 *
 * <pre>{@code
 * try (var system = ActorSystem.create("shop")) {
 *     var counter = system.spawn(counter(0), "counter");
 *     counter.tell(new Counter.Add(2));
 *     int n = counter.ask(Counter.Get::new, Duration.ofSeconds(1)).join();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Sealed: the runtime provides every system ({@link #create}).
 */
public sealed interface ActorSystem extends AutoCloseable permits dev.cadre.internal.runtime.ActorSystemImpl {

    /**
     * Starts a system with the default config.
     *
     * @param name the system's name (letters, digits, {@code -} and {@code _})
     * @return the running system
     * @throws IllegalArgumentException if the name is invalid
     */
    static ActorSystem create(String name) {
        return create(name, ActorSystemConfig.defaults());
    }

    /**
     * Starts a system.
     *
     * @param name the system's name (letters, digits, {@code -} and {@code _})
     * @param config the settings
     * @return the running system
     * @throws IllegalArgumentException if the name is invalid
     */
    static ActorSystem create(String name, ActorSystemConfig config) {
        return Bridge.runtime().createSystem(name, config);
    }

    /**
     * The system's name.
     *
     * @return the name
     */
    String name();

    /**
     * The system's settings.
     *
     * @return the config it was created with
     */
    ActorSystemConfig config();

    /**
     * Spawns a top-level actor at {@code /user/<name>} with default {@link Props}.
     *
     * @param behavior the initial behaviour
     * @param name unique among living top-level actors
     * @param <T> the message type
     * @return the actor's ref
     * @throws IllegalArgumentException if the name is invalid or taken
     * @throws IllegalStateException if the system is terminating or terminated
     */
    <T> ActorRef<T> spawn(Behavior<T> behavior, String name);

    /**
     * Spawns a top-level actor at {@code /user/<name>}.
     *
     * @param behavior the initial behaviour
     * @param name unique among living top-level actors
     * @param props how to run it
     * @param <T> the message type
     * @return the actor's ref
     * @throws IllegalArgumentException if the name is invalid or taken
     * @throws IllegalStateException if the system is terminating or terminated
     */
    <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props);

    /**
     * Spawns a top-level actor with a generated name.
     *
     * @param behavior the initial behaviour
     * @param <T> the message type
     * @return the actor's ref
     * @throws IllegalStateException if the system is terminating or terminated
     */
    <T> ActorRef<T> spawnAnonymous(Behavior<T> behavior);

    /**
     * Spawns a top-level actor with a generated name.
     *
     * @param behavior the initial behaviour
     * @param props how to run it
     * @param <T> the message type
     * @return the actor's ref
     * @throws IllegalStateException if the system is terminating or terminated
     */
    <T> ActorRef<T> spawnAnonymous(Behavior<T> behavior, Props props);

    /**
     * Asks any actor of this system to stop, from outside (like Erlang's
     * {@code exit(Pid, shutdown)}): it finishes its current message, stops its children, receives
     * {@link PostStop}. Asynchronous; stopping a stopped actor does nothing.
     *
     * @param ref the actor to stop
     */
    void stop(ActorRef<?> ref);

    /**
     * Asks an actor to stop, and {@link #kill kills} it if it has not stopped within
     * {@code killAfter}. Stopping {@code /user} terminates the system.
     *
     * @param ref the actor to stop
     * @param killAfter how long it may take; positive
     * @throws IllegalArgumentException if the duration is not positive
     */
    void stop(ActorRef<?> ref, Duration killAfter);

    /**
     * Kills an actor and its whole subtree now, without cleanup (Erlang's {@code exit(Pid, kill)}:
     * untrappable). Each actor is marked dead at once: messages to it become dead letters, nothing
     * of it restarts, its watchers see {@link ExitReason#KILLED}, and its parent forgets it at once.
     * No {@link PostStop} or {@link PreRestart} runs. A handler running on a virtual thread is
     * interrupted. <b>A handler running on a platform thread cannot be stopped</b>: the JVM has no
     * safe way to; it runs on until it returns (whatever it sends meanwhile is still sent), and only
     * then is its clean-up (dead letters, watcher notifications) done. Run actors that may block
     * with {@link Props#virtualThreads()}.
     *
     * @param ref the actor to kill; a dead actor is left alone
     */
    void kill(ActorRef<?> ref);

    /**
     * Finds a living actor by path, e.g. {@code /user/orders/o-17}.
     *
     * @param path an absolute path starting with {@code /user}
     * @param <T> the message type the caller expects (not checked)
     * @return the actor, if it is alive
     */
    <T> Optional<ActorRef<T>> lookup(String path);

    /**
     * A snapshot of one actor's counters: mailbox depth and high-water mark, messages processed,
     * dropped, failures. Works for stopped actors too (their final counts).
     *
     * @param ref an actor of this system
     * @return the snapshot
     * @throws IllegalArgumentException if {@code ref} is not an actor of this system
     */
    ActorMetrics metrics(ActorRef<?> ref);

    /**
     * Snapshots of every living actor under {@code /user}, parents before children. Walks the
     * whole tree: meant for dashboards and end-of-run summaries, not for hot paths.
     *
     * @return the snapshots
     */
    java.util.List<ActorMetrics> metricsSnapshot();

    /**
     * Crash reports: every failure and every restart, for tools.
     *
     * @return the topic
     */
    EventTopic<SupervisionEvent> supervisionEvents();

    /**
     * The system's registry of services: typed refs by {@link ServiceKey}, and their changes.
     *
     * @return the receptionist
     */
    Receptionist receptionist();

    /**
     * The dead letters of this system: counted and subscribable.
     *
     * @return the dead letters
     */
    DeadLetters deadLetters();

    /**
     * Starts an orderly shutdown and returns at once. Idempotent.
     */
    void terminate();

    /**
     * Completes when every actor has stopped and the system's threads are released.
     *
     * @return the termination stage
     */
    CompletionStage<Void> whenTerminated();

    /**
     * Waits for termination (started by {@link #terminate()} or {@link #close()}).
     *
     * @param timeout how long to wait
     * @return {@code true} if the system terminated within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Stops every actor (children before parents, each receiving {@link PostStop}), waits until
     * they are all stopped, and releases the threads. No handler runs after this returns.
     * Idempotent. Waits as long as it takes: if an actor does not stop (a handler that never
     * returns), a report of who it still waits for, and what each is doing, is logged after a few
     * seconds and then periodically. Use {@link #close(Duration)} for a bounded shutdown.
     *
     * @throws IllegalStateException if called from inside an actor (it would wait for itself; use
     *     {@link #terminate()} there)
     */
    @Override
    void close();

    /**
     * Like {@link #close()}, but bounded: what has not stopped within {@code timeout} is logged
     * (path and what it is doing) and {@link #kill killed}, and the threads are released. If a
     * handler was stuck on a platform thread, that thread is abandoned (still running) when this
     * returns: the one case in which something runs after close.
     *
     * @param timeout how long to wait for a clean stop; positive
     * @return true if every actor stopped cleanly, false if some had to be killed
     * @throws IllegalStateException if called from inside an actor
     * @throws IllegalArgumentException if the timeout is not positive
     */
    boolean close(Duration timeout);
}
