package dev.cadre.cluster;

import dev.cadre.actor.ActorRef;

/**
 * The cause in the {@code Terminated} of an actor on another node that failed: the real exception
 * stays on that node (its log and its supervisor have it); this one names the actor.
 */
public final class RemoteActorFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param actor the remote actor that failed
     */
    public RemoteActorFailedException(ActorRef<?> actor) {
        super(actor + " failed on its node (the cause is in that node's log)", null, false, false);
    }
}
