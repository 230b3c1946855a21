package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.EventTopic;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * INTERNAL API. A publish-subscribe topic: publishers are any thread, subscribers are refs
 * (copy-on-write set: subscriptions are rare, publications frequent and lock-free).
 */
final class Topic<E> implements EventTopic<E> {
    private final CopyOnWriteArraySet<ActorRef<E>> subscribers = new CopyOnWriteArraySet<>();

    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    void publish(E event) {
        if (!subscribers.isEmpty()) {
            for (ActorRef<E> s : subscribers) {
                s.tell(event);
            }
        }
    }

    @Override
    public void subscribe(ActorRef<E> subscriber) {
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    }

    @Override
    public void unsubscribe(ActorRef<E> subscriber) {
        subscribers.remove(Objects.requireNonNull(subscriber, "subscriber"));
    }
}
