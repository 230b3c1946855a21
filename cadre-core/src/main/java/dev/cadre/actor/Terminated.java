package dev.cadre.actor;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A watched actor has stopped (Erlang's {@code 'DOWN'} message). Delivered exactly once per
 * {@link ActorContext#watch watch}, to the watcher's live incarnation: a notification that
 * arrives while the watcher is failed, restarting or backing off waits for its next incarnation;
 * if the watcher stops first, it becomes a dead letter.
 *
 * <p>An unhandled {@code Terminated} is ignored (Erlang monitor semantics): watching is one-way
 * and never makes the watcher fail.
 *
 * @param ref the actor that stopped
 * @param reason why: {@link ExitReason#NORMAL normal}, {@link ExitReason#SHUTDOWN shutdown},
 *     {@link ExitReason#KILLED killed}, {@link ExitReason#NO_SUCH_ACTOR no such actor} (it was
 *     already dead when watched), or a {@link ExitReason.Failure failure}
 */
public record Terminated(ActorRef<?> ref, ExitReason reason) implements Signal {

    /**
     * Creates the signal.
     *
     * @param ref the actor that stopped; not {@code null}
     * @param reason why; not {@code null}
     */
    public Terminated {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The failure that stopped the actor, if it failed.
     *
     * @return the cause, empty unless the reason is a {@link ExitReason.Failure}
     */
    public Optional<Throwable> cause() {
        return reason instanceof ExitReason.Failure f ? Optional.of(f.cause()) : Optional.empty();
    }

    /**
     * Whether the actor stopped because it failed.
     *
     * @return {@code true} if the reason is a {@link ExitReason.Failure}
     */
    public boolean failed() {
        return reason instanceof ExitReason.Failure;
    }

    /**
     * The failure that stopped the actor, or {@code null}; prefer {@link #cause()}.
     *
     * @return the cause, or {@code null} unless the reason is a {@link ExitReason.Failure}
     */
    public @Nullable Throwable failure() {
        return cause().orElse(null);
    }
}
