package dev.cadre.fulfillment.ledger;

import dev.cadre.actor.ActorRef;
import dev.cadre.fulfillment.Control;
import org.jspecify.annotations.Nullable;

/** What the ledger accepts. */
public sealed interface LedgerMsg {

    /** An order's terminal state. */
    enum Outcome {
        /** Shipped, paid, stock committed. */
        COMPLETED,
        /** Cancelled with a reason; payment refunded, stock released. */
        CANCELLED
    }

    /**
     * Record an order's terminal state. Idempotent: the same record again is acknowledged and
     * counted as a repeat; a different one for the same order is a conflict (never overwritten).
     *
     * @param orderId the order
     * @param outcome completed or cancelled
     * @param reason why it was cancelled (null if completed)
     * @param latencyNanos from the order's start to this record
     * @param replyTo gets {@link Recorded}
     */
    @SuppressWarnings("JavaLangClash") // always read qualified, LedgerMsg.Record (a message: record this order)
    record Record(String orderId, Outcome outcome, @Nullable String reason, long latencyNanos, ActorRef<Recorded> replyTo)
            implements LedgerMsg {
    }

    /**
     * The ledger has the order's terminal state.
     *
     * @param orderId the order
     */
    record Recorded(String orderId) {
    }

    /**
     * Progress so far.
     *
     * @param replyTo gets the counts
     */
    record GetProgress(ActorRef<Progress> replyTo) implements LedgerMsg, Control {
    }

    /**
     * Counts of terminal states so far.
     *
     * @param completed completed orders
     * @param cancelled cancelled orders
     */
    record Progress(long completed, long cancelled) {
        /** {@return all terminal orders} */
        public long done() {
            return completed + cancelled;
        }
    }

    /**
     * The ledger's full record, for the end-of-run check.
     *
     * @param replyTo gets the report
     */
    record GetReport(ActorRef<LedgerReport> replyTo) implements LedgerMsg, Control {
    }
}
