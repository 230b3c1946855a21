package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Props;
import java.time.Duration;

/**
 * Something a behaviour under a {@link BehaviorTestKit} did besides sending messages (those go to
 * {@link TestInbox}es). Records, so a test can compare them or take them apart with a pattern.
 */
public sealed interface Effect {

    /**
     * It spawned a child (which the kit replaced by an inbox: {@link BehaviorTestKit#childInbox}).
     *
     * @param name the child's name
     * @param behavior the behaviour it asked for (test it with its own {@link BehaviorTestKit})
     * @param props the props it asked for
     * @param ref the child's ref
     */
    record Spawned(String name, Behavior<?> behavior, Props props, ActorRef<?> ref) implements Effect {
    }

    /**
     * It stopped a child ({@code ctx.stop}).
     *
     * @param name the child's name
     */
    record Stopped(String name) implements Effect {
    }

    /**
     * It watched an actor.
     *
     * @param target the watched actor
     */
    record Watched(ActorRef<?> target) implements Effect {
    }

    /**
     * It stopped watching an actor.
     *
     * @param target the actor
     */
    record Unwatched(ActorRef<?> target) implements Effect {
    }

    /**
     * It linked to an actor.
     *
     * @param other the other end
     */
    record Linked(ActorRef<?> other) implements Effect {
    }

    /**
     * It removed a link.
     *
     * @param other the other end
     */
    record Unlinked(ActorRef<?> other) implements Effect {
    }

    /**
     * It started a timer ({@link BehaviorTestKit#fireTimer} fires it).
     *
     * @param key the key
     * @param message what it will send
     * @param delay the (first) delay
     * @param repeating a fixed-rate timer
     */
    record TimerStarted(Object key, Object message, Duration delay, boolean repeating) implements Effect {
    }

    /**
     * It cancelled a timer (or replaced it with a new one of the same key).
     *
     * @param key the key
     */
    record TimerCancelled(Object key) implements Effect {
    }

    /**
     * It asked an actor ({@link BehaviorTestKit#reply} answers).
     *
     * @param target the recipient
     * @param request the request (it also reached the target, an inbox usually)
     * @param replyTo the temporary reply-to ref
     * @param timeout the ask's timeout
     */
    record Asked(ActorRef<?> target, Object request, ActorRef<?> replyTo, Duration timeout) implements Effect {
    }

    /**
     * Its handler (or setup, or signal handler) threw.
     *
     * @param cause what it threw
     * @param stopped whether the actor stopped because of it (no supervision rule caught it)
     */
    record Crashed(Throwable cause, boolean stopped) implements Effect {
    }
}
