package dev.cadre.actor;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ActorContext#link linked} actor has stopped, delivered to an actor that
 * {@link ActorContext#trapExits traps exits} (Erlang's {@code {'EXIT', From, Reason}}). Without
 * trapping, a {@link ExitReason#NORMAL normal} exit is ignored, a {@link ExitReason#SHUTDOWN
 * shutdown} makes this actor exit with {@code shutdown} too, and any other reason makes it fail
 * with a {@link LinkedActorFailedException}.
 *
 * @param from the linked actor
 * @param reason why it stopped ({@link ExitReason#NO_SUCH_ACTOR} if it was already dead when linked)
 */
public record ExitSignal(ActorRef<?> from, ExitReason reason) implements Signal {
    /**
     * Validates the signal.
     *
     * @param from not null
     * @param reason not null
     */
    public ExitSignal {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns whether the linked actor failed (its reason is a {@link ExitReason.Failure}).
     *
     * @return whether the linked actor failed (its reason is a {@link ExitReason.Failure})
     */
    public boolean failed() {
        return reason instanceof ExitReason.Failure;
    }

    /**
     * Returns the linked actor's failure, if it failed.
     *
     * @return the linked actor's failure, if it failed
     */
    public Optional<Throwable> cause() {
        return reason instanceof ExitReason.Failure f ? Optional.of(f.cause()) : Optional.empty();
    }
}
