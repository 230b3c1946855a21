package dev.cadre.fulfillment.durable;

import dev.cadre.fulfillment.OrderRequest;
import dev.cadre.fulfillment.ingest.IntakeMsg;
import dev.cadre.fulfillment.ledger.LedgerMsg;
import dev.cadre.fulfillment.order.OrderSaga;
import dev.cadre.persistence.EventSerialization;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The events of a durable run ({@code ./cadre demo --journal}), and their stable type names.
 * Samples of every version are kept under {@code src/test/resources/event-samples} and checked by
 * {@code EventSamples} (test {@code DurableEventsTest}).
 */
public final class Events {

    private Events() {
    }

    /**
     * The intake handled a group of input items, written in one append before any of its orders
     * is acknowledged (spawned).
     *
     * @param items input items handled so far, in all (the source skips that many on resume)
     * @param accepted orders accepted in this group
     * @param rejected lines rejected in this group
     * @param ended orders whose saga ended since the last group
     */
    public record IntakeBatch(long items, List<Accepted> accepted, List<IntakeMsg.Rejection> rejected,
            List<String> ended) {
        /** Copies the lists. */
        public IntakeBatch {
            accepted = List.copyOf(accepted);
            rejected = List.copyOf(rejected);
            ended = List.copyOf(ended);
        }
    }

    /**
     * An accepted order.
     *
     * @param line its input line
     * @param order the order
     */
    public record Accepted(long line, OrderRequest order) {
    }

    /**
     * An order's saga entered a step (with what it decided on the way).
     *
     * @param step the step
     * @param outcome the terminal outcome, once decided (RECORD, or compensation), else null
     * @param reason why it is cancelled, or null
     * @param label the parcel's label, once labelled, else null
     * @param latencyNanos the order's latency, once finished, else 0
     */
    public record StepBegun(OrderSaga.Step step, LedgerMsg.@Nullable Outcome outcome, @Nullable String reason,
            @Nullable String label,
            long latencyNanos) {
    }

    /**
     * The ledger acknowledged the order's terminal state: the saga is over.
     *
     * @param orderId the order
     */
    public record SagaEnded(String orderId) {
    }

    /**
     * A shard reserved stock for an order.
     *
     * @param orderId the order
     * @param lines the lines reserved
     */
    public record StockReserved(String orderId, List<OrderRequest.Line> lines) {
        /** Copies the lines. */
        public StockReserved {
            lines = List.copyOf(lines);
        }
    }

    /**
     * A shard turned an order's reservation into shipped stock.
     *
     * @param orderId the order
     */
    public record StockCommitted(String orderId) {
    }

    /**
     * A shard released an order's reservation (or closed the order before any reservation).
     *
     * @param orderId the order
     */
    public record StockReleased(String orderId) {
    }

    /**
     * The ledger recorded a terminal state (the first for its order, or a conflicting one).
     *
     * @param orderId the order
     * @param outcome completed or cancelled
     * @param reason why cancelled, or null
     * @param latencyNanos the order's latency
     */
    public record TerminalRecorded(String orderId, LedgerMsg.Outcome outcome, @Nullable String reason,
            long latencyNanos) {
    }

    /** Every event type of the fulfilment graph under its stable name. */
    public static final EventSerialization SERIALIZATION = EventSerialization.builder()
            .register(IntakeBatch.class, "intake.batch")
            .register(StepBegun.class, "order.step-begun")
            .register(SagaEnded.class, "order.saga-ended")
            .register(StockReserved.class, "stock.reserved")
            .register(StockCommitted.class, "stock.committed")
            .register(StockReleased.class, "stock.released")
            .register(TerminalRecorded.class, "ledger.recorded")
            .build();
}
