package dev.cadre.fulfillment.inventory;

import dev.cadre.actor.ActorRef;
import dev.cadre.fulfillment.Control;
import dev.cadre.fulfillment.OrderRequest.Line;
import java.util.List;

/** What an inventory shard accepts. Every request is idempotent per order id. */
public sealed interface InventoryMsg {

    /**
     * Reserve these lines (all of this shard's SKUs) for an order: all or nothing.
     *
     * @param orderId the order
     * @param lines the lines whose SKUs this shard owns
     * @param replyTo gets {@link InventoryReply.Reserved}, {@link InventoryReply.OutOfStock} or
     *     {@link InventoryReply.Closed}
     */
    record Reserve(String orderId, List<Line> lines, ActorRef<InventoryReply> replyTo) implements InventoryMsg {
    }

    /**
     * The order has shipped: its reserved units become shipped units.
     *
     * @param orderId the order
     * @param replyTo gets {@link InventoryReply.Committed}
     */
    record Commit(String orderId, ActorRef<InventoryReply> replyTo) implements InventoryMsg {
    }

    /**
     * The order is cancelled: its reserved units go back on hand, and the order is closed here (a
     * later Reserve for it is refused).
     *
     * @param orderId the order
     * @param replyTo gets {@link InventoryReply.Released}
     */
    record Release(String orderId, ActorRef<InventoryReply> replyTo) implements InventoryMsg {
    }

    /**
     * The shard's own counters, for the end-of-run check.
     *
     * @param replyTo gets the report
     */
    record GetReport(ActorRef<StockReport> replyTo) implements InventoryMsg, Control {
    }
}
