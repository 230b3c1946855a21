package dev.cadre.actor;

/**
 * A {@link Supervisor} could not start one of its static children (its setup threw): as OTP's
 * {@code {shutdown, {failed_to_start_child, Id, Reason}}}, the supervisor stopped the children it
 * had started (right to left), did not start the later ones, and failed with this exception, which
 * its own parent now handles. A start is not retried; only a failed <em>restart</em> is, under the
 * restart intensity.
 */
public final class FailedToStartChildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The id of the child that failed to start. */
    private final String childId;

    /**
     * Creates the exception.
     *
     * @param supervisorPath the supervisor
     * @param childId the child that failed to start
     * @param cause why its setup failed
     */
    public FailedToStartChildException(String supervisorPath, String childId, Throwable cause) {
        super("supervisor " + supervisorPath + " failed to start child '" + childId + "': " + cause, cause);
        this.childId = childId;
    }

    /**
     * Returns the id of the child that failed to start.
     *
     * @return the id of the child that failed to start
     */
    public String childId() {
        return childId;
    }
}
