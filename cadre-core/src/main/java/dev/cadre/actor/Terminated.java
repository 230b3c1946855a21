package dev.cadre.actor;

import java.util.Objects;
import java.util.Optional;

/**
 * A watched actor has stopped. Delivered exactly once per {@link ActorContext#watch watch}, also
 * when the actor was already dead when the watch was made.
 *
 * <p>An unhandled {@code Terminated} is ignored (Erlang monitor semantics): watching is one-way
 * and never makes the watcher fail.
 *
 * @param ref the actor that stopped
 * @param failure why it stopped, if it failed ({@code null} for a normal stop)
 */
public record Terminated(ActorRef<?> ref, Throwable failure) implements Signal {

    /**
     * Creates the signal.
     *
     * @param ref the actor that stopped; not {@code null}
     * @param failure the failure, or {@code null} for a normal stop
     */
    public Terminated {
        Objects.requireNonNull(ref, "ref");
    }

    /**
     * The failure that stopped the actor, if any.
     *
     * @return the cause, empty for a normal stop
     */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(failure);
    }

    /**
     * Whether the actor stopped because it failed.
     *
     * @return {@code true} if it failed, {@code false} on a normal stop
     */
    public boolean failed() {
        return failure != null;
    }
}
