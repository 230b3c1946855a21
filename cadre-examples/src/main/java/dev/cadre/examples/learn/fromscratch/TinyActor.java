package dev.cadre.examples.learn.fromscratch;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.BiFunction;

// tag::tiny-actor[]
/**
 * Teaching code (step 2), not the runtime: an actor is exactly three things, and this class has
 * exactly three fields. Nothing runs it yet: {@link #processOne()} is called by hand, so you can
 * watch each message change the state. Step 5 adds the thread that calls it in a loop.
 *
 * @param <S> the state's type
 * @param <M> the message type
 */
public final class TinyActor<S, M> {
    private S state;                                    // 1. state: private; no getter, no setter
    private final Queue<M> mailbox = new ArrayDeque<>(); // 2. mailbox: the only way in
    private final BiFunction<S, M, S> behaviour;        // 3. behaviour: (state, message) -> next state

    /**
     * An actor with an empty mailbox; nothing happens until {@link #processOne()} is called.
     *
     * @param initial the state before the first message
     * @param behaviour computes the next state from the current one and one message
     */
    public TinyActor(S initial, BiFunction<S, M, S> behaviour) {
        this.state = initial;
        this.behaviour = behaviour;
    }

    /**
     * Sending only enqueues: the state does not change until the message is processed.
     *
     * @param message processed after every message told before it
     */
    public void tell(M message) {
        mailbox.add(message);
    }

    /**
     * Takes the oldest message and lets the behaviour compute the next state.
     *
     * @return false if the mailbox was empty (nothing happened)
     */
    public boolean processOne() {
        M message = mailbox.poll();
        if (message == null) {
            return false;
        }
        state = behaviour.apply(state, message);
        return true;
    }

    /** {@return how many messages wait in the mailbox, not processed yet} */
    public int pending() {
        return mailbox.size();
    }
}
// end::tiny-actor[]
