package dev.cadre.actor;

/**
 * The system's record of undelivered messages: every one is counted by reason and published to
 * the subscribers. Nothing is lost silently.
 *
 * <p>Sealed: the runtime provides it ({@link ActorSystem#deadLetters()}).
 */
public sealed interface DeadLetters extends EventTopic<DeadLetter> permits dev.cadre.internal.runtime.DeadLettersImpl {

    /**
     * How many dead letters the system has seen, all reasons together.
     *
     * @return the count since the system started
     */
    long count();

    /**
     * How many dead letters of one reason the system has seen.
     *
     * @param reason the reason
     * @return the count since the system started
     */
    long count(DeadLetter.Reason reason);

    /**
     * Sends every future dead letter to {@code subscriber}. Subscribing twice is the same as once.
     * Dead letters about messages to a subscriber are not published again (no feedback loop).
     *
     * @param subscriber the ref to tell
     */
    @Override
    void subscribe(ActorRef<DeadLetter> subscriber);

    /**
     * Stops sending dead letters to {@code subscriber}.
     *
     * @param subscriber the ref to forget
     */
    @Override
    void unsubscribe(ActorRef<DeadLetter> subscriber);

    /**
     * Calls {@code listener} with every future dead letter, on the thread that produced it (see
     * {@link EventTopic#addListener}). A listener adds nothing to the system: no actor, no
     * mailbox, and so no dead letter of its own.
     *
     * @param listener the callback
     */
    @Override
    void addListener(java.util.function.Consumer<? super DeadLetter> listener);
}
