package dev.cadre.actor;

import java.util.Objects;

/**
 * A {@link ActorContext#link linked} actor has stopped, delivered to an actor that
 * {@link ActorContext#trapExits traps exits} (Erlang's {@code {'EXIT', From, Reason}}). Without
 * trapping, a linked failure makes this actor fail instead, and a normal stop is ignored.
 *
 * @param from the linked actor
 * @param failure why it stopped, or null for a normal stop
 */
public record ExitSignal(ActorRef<?> from, Throwable failure) implements Signal {
    /**
     * Validates the signal.
     *
     * @param from not null
     * @param failure null for a normal stop
     */
    public ExitSignal {
        Objects.requireNonNull(from, "from");
    }

    /**
     * @return whether the linked actor failed
     */
    public boolean failed() {
        return failure != null;
    }
}
