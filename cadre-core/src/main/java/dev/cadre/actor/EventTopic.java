package dev.cadre.actor;

/**
 * A stream of events that actors can subscribe to. Subscribing twice is the same as once. Sealed:
 * the runtime provides every topic.
 *
 * @param <E> the event type
 */
public sealed interface EventTopic<E> permits DeadLetters, dev.cadre.internal.runtime.Topic {

    /**
     * Sends every future event to {@code subscriber}.
     *
     * @param subscriber the ref to tell
     */
    void subscribe(ActorRef<E> subscriber);

    /**
     * Stops sending events to {@code subscriber}.
     *
     * @param subscriber the ref to forget
     */
    void unsubscribe(ActorRef<E> subscriber);

    /**
     * Calls {@code listener} with every future event, on the thread that publishes it (the
     * failing actor's thread for a crash report; any thread for a dead letter): for tools that
     * must see events without being actors themselves (dashboards, metrics, flight recorders), so
     * that watching a system adds no actor, no mailbox and no dead letter to it.
     *
     * <p>The listener runs inside the runtime: it must be quick, must not block and must not send
     * to actors. The usual shape is to count, or to put the event into a bounded buffer that
     * another thread drains. An exception it throws is logged and ignored. Adding the same
     * listener twice is the same as once.
     *
     * @param listener the callback
     */
    void addListener(java.util.function.Consumer<? super E> listener);

    /**
     * Stops calling {@code listener}. Events being published concurrently may still reach it.
     *
     * @param listener the callback to forget
     */
    void removeListener(java.util.function.Consumer<? super E> listener);
}
