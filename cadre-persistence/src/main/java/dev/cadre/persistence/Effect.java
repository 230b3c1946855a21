package dev.cadre.persistence;

import dev.cadre.actor.ActorRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a command handler decides: events to persist (possibly none), then side effects to run
 * once they are durable (replies, messages), and whether to stop. Side effects never run for a
 * write that failed: nothing is acknowledged that was not committed.
 *
 * <pre>{@code
 * case Add a -> Effect.<Event, Integer>persist(new Added(a.n())).thenReply(a.replyTo(), total -> total);
 * case Get g -> Effect.<Event, Integer>none().thenReply(g.replyTo(), total -> total);
 * }</pre>
 *
 * <p>Immutable: each {@code then...} returns a new effect.
 *
 * @param <E> the event type
 * @param <S> the state type
 */
public final class Effect<E, S> {

    private final List<E> events;
    private final List<Consumer<? super S>> after;
    private final boolean stop;

    private Effect(List<E> events, List<Consumer<? super S>> after, boolean stop) {
        this.events = events;
        this.after = after;
        this.stop = stop;
    }

    /**
     * Persists one event; the event handler folds it into the state once it is durable.
     *
     * @param event the event
     * @param <E> the event type
     * @param <S> the state type
     * @return the effect
     */
    public static <E, S> Effect<E, S> persist(E event) {
        return new Effect<>(List.of(Objects.requireNonNull(event, "event")), List.of(), false);
    }

    /**
     * Persists events atomically (all or none), in order.
     *
     * @param events the events; an empty list is {@link #none()}
     * @param <E> the event type
     * @param <S> the state type
     * @return the effect
     */
    public static <E, S> Effect<E, S> persist(List<? extends E> events) {
        return new Effect<>(List.copyOf(events), List.of(), false);
    }

    /**
     * Persists nothing (a query, or a command that changes nothing).
     *
     * @param <E> the event type
     * @param <S> the state type
     * @return the effect
     */
    public static <E, S> Effect<E, S> none() {
        return new Effect<>(List.of(), List.of(), false);
    }

    /**
     * Persists nothing and stops the actor.
     *
     * @param <E> the event type
     * @param <S> the state type
     * @return the effect
     */
    public static <E, S> Effect<E, S> stop() {
        return new Effect<>(List.of(), List.of(), true);
    }

    /**
     * Runs {@code action} with the new state once the events are durable (at once if none).
     *
     * @param action the side effect; runs on the actor's thread
     * @return the effect
     */
    public Effect<E, S> thenRun(Consumer<? super S> action) {
        Objects.requireNonNull(action, "action");
        List<Consumer<? super S>> a = new ArrayList<>(after);
        a.add(action);
        return new Effect<E, S>(events, List.copyOf(a), stop);
    }

    /**
     * Replies with a value computed from the new state once the events are durable.
     *
     * @param replyTo where to reply
     * @param reply computes the reply from the new state
     * @param <R> the reply type
     * @return the effect
     */
    public <R> Effect<E, S> thenReply(ActorRef<? super R> replyTo, Function<? super S, ? extends R> reply) {
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(reply, "reply");
        return thenRun(s -> replyTo.tell(reply.apply(s)));
    }

    /**
     * Stops the actor once the events are durable and the side effects ran.
     *
     * @return the effect
     */
    public Effect<E, S> thenStop() {
        return new Effect<>(events, after, true);
    }

    List<E> events() {
        return events;
    }

    List<Consumer<? super S>> sideEffects() {
        return after;
    }

    boolean stops() {
        return stop;
    }
}
