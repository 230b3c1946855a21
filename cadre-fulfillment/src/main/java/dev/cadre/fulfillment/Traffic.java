package dev.cadre.fulfillment;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.MailboxFullException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The saga's message accounting, kept apart from the runtime's: senders count what they send (and
 * what a full blocking mailbox refused them), receivers count what their handlers got. The fourth
 * invariant compares these with the runtime's dead letters: per message type,
 * {@code sent = received + dead letters + refused}. {@link Control} messages are not counted.
 */
public final class Traffic {

    /** Counters of one message type. */
    private static final class Counters {
        final LongAdder sent = new LongAdder();
        final LongAdder received = new LongAdder();
        final LongAdder refused = new LongAdder();
    }

    /**
     * A snapshot of one message type's counters.
     *
     * @param sent told by senders
     * @param received handed to a receiver's handler
     * @param refused refused by a full blocking mailbox (the sender kept it)
     */
    public record Count(long sent, long received, long refused) {
    }

    private final ConcurrentHashMap<Class<?>, Counters> byType = new ConcurrentHashMap<>();

    /** Creates empty accounts. */
    public Traffic() {
    }

    private Counters of(Class<?> type) {
        Counters c = byType.get(type);
        return c != null ? c : byType.computeIfAbsent(type, t -> new Counters());
    }

    /**
     * Counts and sends a message.
     *
     * @param to the recipient
     * @param message the message
     * @param <T> the message type
     * @throws MailboxFullException if the recipient's blocking mailbox stayed full (counted as refused)
     */
    public <T> void tell(ActorRef<T> to, T message) {
        Counters c = of(message.getClass());
        c.sent.increment();
        try {
            to.tell(message);
        } catch (MailboxFullException e) {
            c.refused.increment();
            throw e;
        }
    }

    /**
     * Counts a message a handler received (call first thing in the handler).
     *
     * @param message the message
     */
    public void received(Object message) {
        if (!(message instanceof Control)) {
            of(message.getClass()).received.increment();
        }
    }

    /** {@return counts per message type (simple class name, sorted)} */
    public Map<String, Count> snapshot() {
        Map<String, Count> out = new TreeMap<>();
        byType.forEach((type, c) -> out.put(name(type), new Count(c.sent.sum(), c.received.sum(), c.refused.sum())));
        return out;
    }

    /**
     * The name under which a message type is reported.
     *
     * @param type the class
     * @return e.g. {@code InventoryMsg.Reserve}
     */
    public static String name(Class<?> type) {
        Class<?> outer = type.getEnclosingClass();
        return outer == null ? type.getSimpleName() : outer.getSimpleName() + "." + type.getSimpleName();
    }
}
