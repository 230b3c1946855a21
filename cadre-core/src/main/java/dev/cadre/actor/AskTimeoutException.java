package dev.cadre.actor;

import java.util.concurrent.TimeoutException;

/**
 * The reply to an {@link ActorRef#ask ask} did not arrive in time. The message names the target and
 * the request type, so the log line alone says which conversation stalled.
 */
public final class AskTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out, naming the target and the request type
     */
    public AskTimeoutException(String message) {
        super(message);
    }
}
