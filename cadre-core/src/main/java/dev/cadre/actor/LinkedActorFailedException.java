package dev.cadre.actor;

import java.util.Objects;

/**
 * An actor {@link ActorContext#link linked} to this one exited abnormally (failed, was killed, or
 * was already dead when linked), and this one does not {@link ActorContext#trapExits trap exits}:
 * so this one fails too, with this exception (its supervisor decides what happens next, as for any
 * failure).
 */
public final class LinkedActorFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the linked actor exited. */
    private final transient ExitReason reason;

    /**
     * Creates the exception.
     *
     * @param linkedPath the path of the linked actor
     * @param reason why it exited; its cause, for a failure, is this exception's cause
     */
    public LinkedActorFailedException(String linkedPath, ExitReason reason) {
        super(reason instanceof ExitReason.Failure f ? "linked actor " + linkedPath + " failed: " + f.cause()
                : "linked actor " + linkedPath + " exited: " + Objects.requireNonNull(reason, "reason"),
                reason instanceof ExitReason.Failure f ? f.cause() : null);
        this.reason = reason;
    }

    /**
     * Returns why the linked actor exited.
     *
     * @return why the linked actor exited
     */
    public ExitReason reason() {
        return reason;
    }
}
