package dev.cadre.actor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * An actor's view of itself and the runtime, handed to its behaviour.
 *
 * <p><b>Threading contract.</b> A context belongs to one actor and may be used only from inside
 * that actor's message and signal handlers (and {@link Behaviors#setup}), never from another thread
 * or from a future's callback. To act on an asynchronous result, use {@link #pipeToSelf}.
 *
 * @param <T> the type of message the actor accepts
 */
public interface ActorContext<T> {

    /**
     * This actor's own ref.
     *
     * @return the ref
     */
    ActorRef<T> self();

    /**
     * The system this actor runs in.
     *
     * @return the system
     */
    ActorSystem system();

    /**
     * A logger whose lines are prefixed with this actor's path.
     *
     * @return the logger
     */
    Logger log();

    /**
     * Spawns a named child with default {@link Props}.
     *
     * @param behavior the child's initial behaviour
     * @param name the child's name, unique among this actor's living children
     * @param <U> the child's message type
     * @return the child's ref
     * @throws IllegalArgumentException if the name is invalid or taken (the message names this
     *     actor and the name)
     */
    <U> ActorRef<U> spawn(Behavior<U> behavior, String name);

    /**
     * Spawns a named child.
     *
     * @param behavior the child's initial behaviour
     * @param name the child's name, unique among this actor's living children
     * @param props how to run the child
     * @param <U> the child's message type
     * @return the child's ref
     * @throws IllegalArgumentException if the name is invalid or taken
     */
    <U> ActorRef<U> spawn(Behavior<U> behavior, String name, Props props);

    /**
     * Spawns a child with a generated name (starting with {@code $}).
     *
     * @param behavior the child's initial behaviour
     * @param <U> the child's message type
     * @return the child's ref
     */
    <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior);

    /**
     * Spawns a child with a generated name.
     *
     * @param behavior the child's initial behaviour
     * @param props how to run the child
     * @param <U> the child's message type
     * @return the child's ref
     */
    <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior, Props props);

    /**
     * Asks a child to stop: it finishes the message it is processing, stops its own children,
     * receives {@link PostStop}, and is gone. Asynchronous; watch the child to learn when it is done.
     * Stopping a child that already stopped does nothing. To stop this actor itself, return
     * {@link Behaviors#stopped()}.
     *
     * @param child a child of this actor
     * @throws IllegalArgumentException if {@code child} is not a child of this actor
     */
    void stop(ActorRef<?> child);

    /**
     * Asks a child to stop, and kills it if it has not stopped within {@code killAfter} (a handler
     * that never returns would otherwise keep it, and this actor's own stop, waiting forever). See
     * {@link ActorSystem#kill} for what a kill can and cannot do.
     *
     * @param child a child of this actor
     * @param killAfter how long it may take to stop; positive
     * @throws IllegalArgumentException if {@code child} is not a child of this actor, or the duration is not positive
     */
    void stop(ActorRef<?> child, java.time.Duration killAfter);

    /**
     * Watches another actor: when it stops, this actor receives {@link Terminated} exactly once
     * (also if it is already dead). Watching twice is the same as watching once. An actor on another
     * node can be watched too: if its node is declared down, the reason is
     * {@link ExitReason#NODE_DOWN}.
     *
     * @param target the actor to watch
     * @throws IllegalArgumentException if {@code target} is not an actor (an ask's reply-to, an adapter)
     */
    void watch(ActorRef<?> target);

    /**
     * Watches another actor, receiving {@code message} (as an ordinary message) instead of
     * {@link Terminated} when it stops.
     *
     * @param target the actor to watch
     * @param message what to receive when it stops
     */
    void watchWith(ActorRef<?> target, T message);

    /**
     * Stops watching; no {@link Terminated} for {@code target} is delivered after this call.
     *
     * @param target the actor no longer watched
     */
    void unwatch(ActorRef<?> target);

    /**
     * Links this actor and {@code other} both ways (Erlang's {@code link/1}): when either stops
     * with a failure, the other fails too (with {@link LinkedActorFailedException}), unless it
     * {@link #trapExits traps exits}, in which case it receives an {@link ExitSignal}. A normal stop
     * fails nobody; trapping actors still get an {@link ExitSignal} for it. Linking to an actor that
     * is already dead delivers its exit at once. Restarts in place are not exits. Links do not cross
     * nodes: watch an actor on another node instead.
     *
     * @param other the actor to link to
     * @throws IllegalArgumentException if {@code other} is not an actor of this node
     */
    void link(ActorRef<?> other);

    /**
     * Removes the link with {@code other}, both ways.
     *
     * @param other the linked actor
     */
    void unlink(ActorRef<?> other);

    /**
     * Whether exits of linked actors arrive as {@link ExitSignal}s (true) or make this actor fail
     * (false, the default).
     *
     * @param trap true to trap exits
     */
    void trapExits(boolean trap);

    /**
     * Sends {@code message} to this actor whenever it has received no message for
     * {@code timeout}, until cancelled or replaced. Timer messages count as activity; the
     * receive-timeout message itself does not.
     *
     * @param timeout positive
     * @param message what to receive after that long without messages
     */
    void setReceiveTimeout(java.time.Duration timeout, T message);

    /** Cancels the receive timeout, if one is set. */
    void cancelReceiveTimeout();

    /**
     * This actor's living children, in no particular order.
     *
     * @return a snapshot of the children
     */
    List<ActorRef<Void>> children();

    /**
     * How many living children this actor has: the size of {@link #children()}, without the copy.
     *
     * @return the count
     */
    int childCount();

    /**
     * The living child of that name.
     *
     * @param name the child's name
     * @param <U> the child's message type (not checked)
     * @return the child, if there is one
     */
    <U> Optional<ActorRef<U>> child(String name);

    /**
     * Turns the completion of {@code stage} into a message to this actor, so the result is handled
     * on the actor's thread. {@code mapper} runs on the actor's thread too; an exception from it
     * fails the actor.
     *
     * @param stage the asynchronous result
     * @param mapper maps (value, failure) to a message; exactly one of the two is non-null
     * @param <V> the result type
     */
    <V> void pipeToSelf(CompletionStage<V> stage, BiFunction<? super V, Throwable, ? extends T> mapper);

    /**
     * A ref that accepts {@code U} and delivers {@code adapter.apply(u)} to this actor, so the
     * actor can receive replies of another protocol. The adapter runs on this actor's thread.
     * Asking again for the same {@code type} returns a ref using the newest adapter.
     *
     * @param type the class of messages the adapter ref accepts
     * @param adapter turns a {@code U} into one of this actor's messages
     * @param <U> the adapted message type
     * @return the adapter ref
     */
    <U> ActorRef<U> messageAdapter(Class<U> type, Function<? super U, ? extends T> adapter);
}
