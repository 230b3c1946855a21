package dev.cadre.actor;

/**
 * A bounded buffer where an actor defers messages it cannot handle yet (typically while it
 * initialises), to replay them later with {@link #unstashAll}. Created by
 * {@link Behaviors#withStash}; belongs to one actor and is used only from its handlers.
 *
 * <pre>{@code
 * Behaviors.withStash(100, stash -> Behaviors.setup(ctx -> {
 *     ctx.pipeToSelf(loadProfile(), (p, e) -> new Loaded(p));
 *     return Behaviors.receiveMessage(msg -> switch (msg) {
 *         case Loaded l -> stash.unstashAll(ready(l.profile()));
 *         default -> { stash.stash(msg); yield Behaviors.same(); }
 *     });
 * }))
 * }</pre>
 *
 * <p>Nothing stashed is lost: if the actor is restarted, the messages still in the buffer are
 * delivered to the new incarnation first (in order); if it stops, they become dead letters.
 *
 * @param <T> the message type
 */
public interface StashBuffer<T> {

    /**
     * Defers a message.
     *
     * @param message the message
     * @throws StashOverflowException if the buffer is full (this fails the actor unless caught)
     */
    void stash(T message);

    /**
     * Replays every stashed message, oldest first, to {@code behavior} (and to the behaviours it
     * returns), before any message still in the mailbox; the buffer is then empty.
     *
     * @param behavior the behaviour to replay to
     * @return the behaviour to return from the current handler
     */
    Behavior<T> unstashAll(Behavior<T> behavior);

    /**
     * Returns the number of stashed messages.
     *
     * @return the number of stashed messages
     */
    int size();

    /**
     * Returns whether nothing is stashed.
     *
     * @return whether nothing is stashed
     */
    boolean isEmpty();

    /**
     * Returns whether {@link #stash} would overflow.
     *
     * @return whether {@link #stash} would overflow
     */
    boolean isFull();

    /**
     * Returns the most messages the buffer holds.
     *
     * @return the most messages the buffer holds
     */
    int capacity();
}
