package dev.cadre.actor;

/**
 * A crash report for tools (dashboards, tests): published on
 * {@link ActorSystem#supervisionEvents()} for every failure and every restart, next to the log
 * line the runtime writes for each.
 */
public sealed interface SupervisionEvent {

    /**
     * An actor's handler (or setup) threw.
     *
     * @param actor the actor
     * @param cause the exception
     * @param messageType the class of the message being processed, or "setup"/"signal"
     * @param restarts how many times the actor had been restarted before this failure
     */
    record Failed(ActorRef<?> actor, Throwable cause, String messageType, int restarts) implements SupervisionEvent {
    }

    /**
     * An actor was restarted in place (fresh state, same ref, mailbox kept).
     *
     * @param actor the actor
     * @param restarts how many times it has now been restarted
     */
    record Restarted(ActorRef<?> actor, int restarts) implements SupervisionEvent {
    }
}
