package dev.cadre.bridge;

import dev.cadre.actor.ActorContext;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystemConfig;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.ExitReason;
import dev.cadre.actor.Directive;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.TimerScheduler;
import dev.cadre.actor.spi.RemoteActorRef;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * INTERNAL API. What the public API asks of the runtime: everything {@code dev.cadre.actor} needs
 * that only the runtime can do. Implemented once, in {@code dev.cadre.internal.runtime}; reached
 * through {@link Bridge#runtime()}. Methods taking an {@link ActorContext} accept only a context the
 * runtime handed to a behaviour, and throw {@link IllegalArgumentException} for anything else.
 */
public interface RuntimeAccess {

    /**
     * @param name the system's name
     * @param config its settings
     * @return a running system
     * @throws IllegalArgumentException if the name is invalid
     */
    ActorSystem createSystem(String name, ActorSystemConfig config);

    /**
     * @param ctx an actor's context
     * @param <T> its message type
     * @return its timers, created on first use
     */
    <T> TimerScheduler<T> timers(ActorContext<T> ctx);

    /**
     * Registers a stash buffer of the actor's current incarnation.
     *
     * @param ctx an actor's context
     * @param hook gives up the stashed messages when the incarnation ends
     */
    void registerStash(ActorContext<?> ctx, StashHook hook);

    /**
     * Makes the actor of {@code ctx} a supervisor and starts its static children, left to right.
     * Called from the supervisor behaviour's setup.
     *
     * @param ctx the supervisor's context
     * @param strategy which children restart together
     * @param intensity restarts allowed within the period
     * @param period the sliding window
     * @param decider maps failures to directives
     * @param specs the static children, in start order
     * @param template the pool template, or null
     * @return the supervisor's message handler
     */
    Function<Supervisor.Command, Behavior<Supervisor.Command>> startSupervisor(ActorContext<Supervisor.Command> ctx,
            Supervisor.Strategy strategy, int intensity, Duration period,
            Function<Throwable, Directive> decider, List<Supervisor.ChildSpec<?>> specs,
            Supervisor.ChildSpec<?> template);

    /**
     * Checks an actor name (or a child id): the one set of rules.
     *
     * @param name the name
     * @throws IllegalArgumentException naming the problem
     * @throws NullPointerException if {@code name} is null
     */
    void checkActorName(String name);

    /**
     * @param system a system created by {@code ActorSystem.create}
     * @return what tools may read of it
     * @throws IllegalArgumentException if it is not one of Cadre's systems
     */
    SystemIntrospection introspect(ActorSystem system);

    /**
     * A watched remote actor ended (see {@code dev.cadre.actor.spi.Remoting#terminated}).
     *
     * @param watcher a local actor's own ref
     * @param target the remote actor
     * @param reason why it ended
     * @throws IllegalArgumentException if {@code watcher} is not a local actor's own ref
     */
    void remoteTerminated(ActorRef<?> watcher, RemoteActorRef<?> target, ExitReason reason);

    /**
     * Offers many messages to one recipient (see {@code dev.cadre.actor.spi.Remoting#offerAll}).
     *
     * @param recipient the recipient
     * @param messages the messages
     * @param from the first index
     * @param to one past the last index
     * @return the index of the first message that found the mailbox full, or {@code to}
     */
    int offerAll(ActorRef<?> recipient, Object[] messages, int from, int to);

    /**
     * Publishes a dead letter from an extension (see {@code dev.cadre.actor.spi.Remoting#deadLetter}).
     *
     * @param system one of Cadre's systems
     * @param message the message
     * @param recipient whom it was for
     * @param reason why it was not delivered
     * @throws IllegalArgumentException if {@code system} is not one of Cadre's systems
     */
    void publishDeadLetter(ActorSystem system, Object message, ActorRef<?> recipient, DeadLetter.Reason reason);

    /**
     * A reply-to for an extension's own ask (see {@code dev.cadre.actor.spi.Remoting#replyTo}).
     *
     * @param system one of Cadre's systems
     * @param path the ref's path
     * @param <R> the reply type
     * @return the ref and the future its first message completes
     * @throws IllegalArgumentException if {@code system} is not one of Cadre's systems
     */
    <R> dev.cadre.actor.spi.Remoting.Reply<R> replyTo(ActorSystem system, String path);
}
