package dev.cadre.internal.runtime;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.EventTopic;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. A publish-subscribe topic: publishers are any thread, subscribers are refs
 * and listeners (copy-on-write sets: subscriptions are rare, publications frequent and lock-free).
 *
 * <p>Publishing never blocks: the publisher is often the runtime itself (a timer thread, an
 * actor reporting its own failure), so an event that finds a subscriber's mailbox full is dropped
 * for that subscriber, counted in its mailbox's drops, and reported as a dead letter (a dropped
 * dead-letter event is counted, not re-published, so a slow subscriber cannot cause a loop).
 */
public final class Topic<E> implements EventTopic<E> {
    private static final Logger LOG = LoggerFactory.getLogger("dev.cadre.actor");
    private final CopyOnWriteArraySet<ActorRef<E>> subscribers = new CopyOnWriteArraySet<>();
    private final CopyOnWriteArraySet<Consumer<? super E>> listeners = new CopyOnWriteArraySet<>();

    /** Two volatile reads, so a publisher can skip building an event nobody wants. */
    boolean hasSubscribers() {
        return !subscribers.isEmpty() || !listeners.isEmpty();
    }

    void publish(E event) {
        if (!subscribers.isEmpty()) {
            for (ActorRef<E> s : subscribers) {
                deliver(s, event);
            }
        }
        if (!listeners.isEmpty()) {
            for (Consumer<? super E> l : listeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    LOG.error("event listener {} threw on {}; ignored", l, event.getClass().getSimpleName(), e);
                }
            }
        }
    }

    /**
     * A runtime send to a subscriber: never blocks; a full mailbox drops it (counted, a dead letter).
     *
     * @param to the subscriber
     * @param event what to tell it
     * @param <E> the event type
     */
    static <E> void deliver(ActorRef<E> to, E event) {
        if (to instanceof LocalActorRef<E> local) {
            local.cell.tellFromRuntime(event);
        } else {
            to.offer(event);
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

    @Override
    public void addListener(Consumer<? super E> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Consumer<? super E> listener) {
        listeners.remove(Objects.requireNonNull(listener, "listener"));
    }
}
