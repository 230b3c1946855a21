package dev.cadre.actor;

/**
 * An actor {@link ActorContext#link linked} to this one failed, and this one does not
 * {@link ActorContext#trapExits trap exits}: so this one fails too, with this exception (its
 * supervisor decides what happens next, as for any failure).
 */
public final class LinkedActorFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param linkedPath the path of the linked actor that failed
     * @param cause its failure
     */
    public LinkedActorFailedException(String linkedPath, Throwable cause) {
        super("linked actor " + linkedPath + " failed: " + cause, cause);
    }
}
