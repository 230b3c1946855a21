package dev.cadre.actor;

/**
 * A stream of events that actors can subscribe to. Subscribing twice is the same as once. Not for
 * user implementation.
 *
 * @param <E> the event type
 */
public interface EventTopic<E> {

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
}
