package dev.cadre.actor;

/**
 * A sender waited the {@link Overflow.Block block timeout} for room in a full mailbox and got
 * none. The message was not delivered; the sender still has it. The exception names the target,
 * its capacity and the timeout.
 */
public final class MailboxFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the target, the capacity and the timeout
     */
    public MailboxFullException(String message) {
        super(message);
    }
}
