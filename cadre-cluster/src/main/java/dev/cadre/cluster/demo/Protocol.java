package dev.cadre.cluster.demo;

import dev.cadre.actor.ActorRef;
import dev.cadre.cluster.transport.Codecs;
import dev.cadre.persistence.EventSerialization;
import java.util.Map;

/**
 * The distributed fulfilment demo's messages and events. Three sharded, event-sourced entity
 * types: {@code order} (the saga), {@code sku} (the single writer of one SKU's stock) and
 * {@code psp} (the payment provider's books for one order). Every request carries the order id,
 * which every service treats as an idempotency key, so any step can be retried blindly.
 */
final class Protocol {

    private Protocol() {
    }

    // ---- order entity
    sealed interface OrderMsg {
    }

    /** From the coordinator: place (idempotent); answered with the order's status. */
    record Place(String orderId, String sku, int qty, long amount, ActorRef<OrderStatus> replyTo) implements OrderMsg {
    }

    /** From the coordinator: where does this order stand? */
    record GetStatus(String orderId, ActorRef<OrderStatus> replyTo) implements OrderMsg {
    }

    /** From the coordinator: which node runs this order now? */
    record Where(String orderId, ActorRef<String> replyTo) implements OrderMsg {
    }

    record ReserveReply(String orderId, boolean ok, String reason) implements OrderMsg {
    }

    record CaptureReply(String orderId, String outcome) implements OrderMsg {
    }

    record ReleaseReply(String orderId) implements OrderMsg {
    }

    record CommitReply(String orderId) implements OrderMsg {
    }

    record RefundReply(String orderId) implements OrderMsg {
    }

    /** The saga's own timer (never crosses nodes). */
    record Retry(long attempt) implements OrderMsg {
    }

    /** An order's status: phase NONE (never placed), a step, COMPLETED or CANCELLED. */
    record OrderStatus(String orderId, String phase, String reason, String sku, int qty, long amount) {
        boolean terminal() {
            return phase.equals("COMPLETED") || phase.equals("CANCELLED");
        }
    }

    // ---- sku entity
    sealed interface SkuMsg {
    }

    record Reserve(String sku, String orderId, int qty, ActorRef<OrderMsg> replyTo) implements SkuMsg {
    }

    record Release(String sku, String orderId, ActorRef<OrderMsg> replyTo) implements SkuMsg {
    }

    record Commit(String sku, String orderId, ActorRef<OrderMsg> replyTo) implements SkuMsg {
    }

    record GetStock(String sku, ActorRef<Stock> replyTo) implements SkuMsg {
    }

    /** A SKU's books: initial = onHand + reserved + shipped must hold. */
    record Stock(String sku, int initial, int onHand, int reserved, int shipped, boolean neverNegative) {
    }

    // ---- psp entity (one per order)
    sealed interface PspMsg {
    }

    record Capture(String orderId, long amount, ActorRef<OrderMsg> replyTo) implements PspMsg {
    }

    record Refund(String orderId, ActorRef<OrderMsg> replyTo) implements PspMsg {
    }

    record GetBooks(String orderId, ActorRef<Books> replyTo) implements PspMsg {
    }

    /** The provider's books for one order. */
    record Books(String orderId, long captured, long refunded, int charges) {
    }

    // ---- node statistics
    record GetNodeStats(ActorRef<NodeStats> replyTo) {
    }

    /**
     * One node's counters. The books: {@code handedToTransport = acknowledged + refused +
     * undeliverable on the sending side + pending} (transportUnaccounted is the difference), and
     * {@code regionReceived = delivered + forwarded + dropped + buffered} (regionUnaccounted).
     */
    record NodeStats(String node, long ordersFinishedHere, long entityActivations, long forwarded, long dropped,
                     long undeliverable, long fenced, long uptimeMillis, java.util.Map<String, Long> undeliverableByReason,
                     long handedToTransport, long acknowledged, long pending, long transportUnaccounted,
                     long regionReceived, long regionBuffered, long regionUnaccounted, long deadLetters) {
    }

    // ---- events
    /** The saga moved to a phase. */
    record Moved(String phase, String reason) {
    }

    record Placed(String sku, int qty, long amount) {
    }

    record CaptureAttempted() {
    }

    record StockReserved(String orderId, int qty) {
    }

    record StockReleased(String orderId) {
    }

    record StockShipped(String orderId) {
    }

    record StockRefused(String orderId) {
    }

    record Charged(long amount) {
    }

    record RefundedAll(long amount) {
    }

    record Closed() {
    }

    static final EventSerialization EVENTS = EventSerialization.builder()
            .register(Moved.class, "order.moved")
            .register(Placed.class, "order.placed")
            .register(CaptureAttempted.class, "order.capture-attempted")
            .register(StockReserved.class, "sku.reserved")
            .register(StockReleased.class, "sku.released")
            .register(StockShipped.class, "sku.shipped")
            .register(StockRefused.class, "sku.refused")
            .register(Charged.class, "psp.charged")
            .register(RefundedAll.class, "psp.refunded")
            .register(Closed.class, "psp.closed")
            .build();

    /** The same ids on every node and on the coordinator. */
    static Codecs.Builder codecs() {
        Codecs.Builder b = Codecs.builder();
        int id = 1;
        for (Class<?> c : new Class<?>[] {Place.class, GetStatus.class, Where.class, ReserveReply.class,
                CaptureReply.class, ReleaseReply.class, CommitReply.class, RefundReply.class, OrderStatus.class,
                Reserve.class, Release.class, Commit.class, GetStock.class, Stock.class, Capture.class, Refund.class,
                GetBooks.class, Books.class, GetNodeStats.class, NodeStats.class, String.class}) {
            b.jackson(id++, c);
        }
        return b;
    }

    static final Map<String, Integer> UNUSED = Map.of();
}
