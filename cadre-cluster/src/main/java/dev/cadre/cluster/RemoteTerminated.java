package dev.cadre.cluster;

import dev.cadre.actor.ActorRef;
import java.util.Objects;

/**
 * What a watcher receives (as a message) when an actor it watches through
 * {@link ClusterNode#watch} is gone, wherever it lived: once per watch.
 *
 * @param actor the actor
 * @param reason why
 */
public record RemoteTerminated(ActorRef<?> actor, Reason reason) {

    /** Why the actor is gone: cadre-core's exit reasons, plus the loss of its node. */
    public enum Reason {
        /** It stopped normally. */
        NORMAL,
        /** Its parent or the system stopped it. */
        SHUTDOWN,
        /** It was killed. */
        KILLED,
        /** It failed. */
        FAILURE,
        /** There was no such actor when the watch arrived. */
        NO_SUCH_ACTOR,
        /** The node it lived on was removed from the membership (crashed, frozen, cut off, or left). */
        NODE_DOWN
    }

    /**
     * @param actor not {@code null}
     * @param reason not {@code null}
     */
    public RemoteTerminated {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
    }
}
