package dev.cadre.actor;

/** {@link StashBuffer#stash} was called on a full buffer. The message names the actor and the capacity. */
public final class StashOverflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what overflowed
     */
    public StashOverflowException(String message) {
        super(message);
    }
}
