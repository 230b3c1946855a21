package dev.cadre.actor;

/**
 * A {@link Supervisor} saw more restarts within its period than its intensity allows: it stopped
 * its children and failed with this exception, which its own parent now handles.
 */
public final class RestartIntensityExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the supervisor, the limit and the last failure
     * @param lastFailure the child failure that went over the limit (may be null for a normal exit)
     */
    public RestartIntensityExceededException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
