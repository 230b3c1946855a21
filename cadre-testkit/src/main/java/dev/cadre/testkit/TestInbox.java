package dev.cadre.testkit;

import dev.cadre.actor.ActorRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A ref for a {@link BehaviorTestKit}'s behaviour to send to, that records what it receives: a
 * reply-to, a collaborator, a spawned child. No waiting: the kit has run everything by the time
 * the test looks.
 *
 * @param <T> the message type
 */
public final class TestInbox<T> {
    private final ActorRef<T> ref;
    private final ArrayDeque<Object> messages;

    TestInbox(ActorRef<T> ref, ArrayDeque<Object> messages) {
        this.ref = ref;
        this.messages = messages;
    }

    /** {@return the ref to hand to the behaviour} */
    public ActorRef<T> ref() {
        return ref;
    }

    /**
     * {@return the oldest message not yet taken}
     *
     * @throws AssertionError if there is none
     */
    @SuppressWarnings("unchecked")
    public T receiveMessage() {
        Object m = messages.pollFirst();
        if (m == null) {
            throw new AssertionError("inbox " + ref.path() + " has no message");
        }
        return (T) m;
    }

    /**
     * Takes the next message and checks it is the one expected.
     *
     * @param expected the message expected next
     * @throws AssertionError if another message, or none, is next
     */
    public void expectMessage(T expected) {
        Objects.requireNonNull(expected, "expected");
        Object m = messages.pollFirst();
        if (!expected.equals(m)) {
            throw new AssertionError("inbox " + ref.path() + " expected " + expected + " but "
                    + (m == null ? "has no message" : "the next message is " + m));
        }
    }

    /** {@return every message not yet taken, oldest first (the inbox is then empty)} */
    @SuppressWarnings("unchecked")
    public List<T> receiveAll() {
        List<T> out = new ArrayList<>();
        Object m;
        while ((m = messages.pollFirst()) != null) {
            out.add((T) m);
        }
        return out;
    }

    /** {@return whether a message waits} */
    public boolean hasMessages() {
        return !messages.isEmpty();
    }

    @Override
    public String toString() {
        return "TestInbox[" + ref.path() + ", " + messages.size() + " waiting]";
    }
}
