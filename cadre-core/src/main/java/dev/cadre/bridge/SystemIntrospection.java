package dev.cadre.bridge;

import dev.cadre.actor.ActorInfo;
import dev.cadre.actor.ActorRef;
import dev.cadre.actor.EventTopic;
import dev.cadre.actor.Terminated;
import java.util.function.Predicate;

/** INTERNAL API. What {@code dev.cadre.actor.Introspection} reads of one system (racy reads, for tools). */
public interface SystemIntrospection {
    /**
     * Depth-first, parents before children.
     *
     * @param root where to start, or null for every child of {@code /user}
     * @param visitor false: skip that actor's children
     */
    void walk(ActorRef<?> root, Predicate<ActorInfo> visitor);

    /**
     * @param ref an actor of this system
     * @return its info
     * @throws IllegalArgumentException if the ref is not an actor of this system
     */
    ActorInfo info(ActorRef<?> ref);

    /**
     * @return every actor's stop
     */
    EventTopic<Terminated> terminations();
}
