package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.EventTopic;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * INTERNAL API. A publish-subscribe topic: publishers are any thread, subscribers are refs
 * (copy-on-write set: subscriptions are rare, publications frequent and lock-free).
 *
 * <p>Publishing never blocks: the publisher is often the runtime itself (a timer thread, an
 * actor reporting its own failure), so an event that finds a subscriber's mailbox full is dropped
 * for that subscriber, counted in its mailbox's drops, and reported as a dead letter (a dropped
 * dead-letter event is counted, not re-published, so a slow subscriber cannot cause a loop).
 */
final class Topic<E> implements EventTopic<E> {
    private final CopyOnWriteArraySet<ActorRef<E>> subscribers = new CopyOnWriteArraySet<>();

    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    void publish(E event) {
        if (!subscribers.isEmpty()) {
            for (ActorRef<E> s : subscribers) {
                if (s instanceof LocalActorRef<E> local) {
                    local.cell.tellFromRuntime(event);
                } else {
                    s.offer(event);
                }
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
