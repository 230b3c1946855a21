package dev.cadre.cluster.demo;

import dev.cadre.actor.Behavior;
import dev.cadre.cluster.demo.Protocol.*;
import dev.cadre.persistence.Effect;
import dev.cadre.persistence.EventSourcedBehavior;
import dev.cadre.persistence.PersistenceId;
import dev.cadre.persistence.journal.Fence;
import dev.cadre.persistence.journal.Journal;
import java.util.SplittableRandom;

/**
 * The simulated payment provider's books for one order. Fails with a 500 at {@code failureRate}:
 * half before charging, half after (the charge exists, the answer is lost), which is when a retry
 * without idempotency would charge twice. A capture after a refund is declined.
 */
final class PspEntity {

    private PspEntity() {
    }

    record State(long captured, long refunded, int charges, boolean closed) {
        State apply(Object e) {
            return switch (e) {
                case Charged c -> new State(captured + c.amount(), refunded, charges + 1, closed);
                case RefundedAll r -> new State(captured, refunded + r.amount(), charges, true);
                case Closed c -> new State(captured, refunded, charges, true);
                default -> throw new IllegalArgumentException("not a payment event: " + e);
            };
        }
    }

    static Behavior<PspMsg> behavior(String orderId, double failureRate, long seed, Journal journal, Fence fence) {
        SplittableRandom random = new SplittableRandom(seed ^ orderId.hashCode() ^ System.nanoTime());
        return EventSourcedBehavior.<PspMsg, Object, State>builder(PersistenceId.of("psp", orderId), journal,
                        Protocol.EVENTS, new State(0, 0, 0, false))
                .fence(fence)
                .onCommand((st, cmd) -> switch (cmd) {
                    case Capture c -> {
                        if (st.closed()) {
                            yield Effect.<Object, State>none().thenRun(s -> c.replyTo().tell(new CaptureReply(orderId, "declined")));
                        }
                        if (st.captured() > 0) {
                            yield Effect.<Object, State>none().thenRun(s -> c.replyTo().tell(new CaptureReply(orderId, "ok")));
                        }
                        double roll = random.nextDouble();
                        if (roll < failureRate / 2) {
                            yield Effect.<Object, State>none().thenRun(s -> c.replyTo().tell(new CaptureReply(orderId, "500")));
                        }
                        boolean lostAnswer = roll < failureRate;
                        yield Effect.<Object, State>persist(new Charged(c.amount()))
                                .thenRun(s -> c.replyTo().tell(new CaptureReply(orderId, lostAnswer ? "500" : "ok")));
                    }
                    case Refund r -> st.closed()
                            ? Effect.<Object, State>none().thenRun(s -> r.replyTo().tell(new RefundReply(orderId)))
                            : Effect.<Object, State>persist(st.captured() > st.refunded()
                                    ? new RefundedAll(st.captured() - st.refunded()) : new Closed())
                                    .thenRun(s -> r.replyTo().tell(new RefundReply(orderId)));
                    case GetBooks g -> Effect.<Object, State>none().thenRun(s -> g.replyTo().tell(
                            new Books(orderId, s.captured(), s.refunded(), s.charges())));
                })
                .onEvent(State::apply)
                .build();
    }
}
