package dev.cadre.fulfillment.inventory;

/** What an inventory shard answers. */
public sealed interface InventoryReply {

    /** {@return the shard that answers} */
    int shard();

    /** {@return the order it is about} */
    String orderId();

    /**
     * The lines are reserved (also the answer to a repeated Reserve).
     *
     * @param shard the shard
     * @param orderId the order
     */
    record Reserved(int shard, String orderId) implements InventoryReply {
    }

    /**
     * Not enough units of a SKU: nothing was reserved.
     *
     * @param shard the shard
     * @param orderId the order
     * @param sku the first SKU short
     */
    record OutOfStock(int shard, String orderId, int sku) implements InventoryReply {
    }

    /**
     * The reservation is now shipped stock.
     *
     * @param shard the shard
     * @param orderId the order
     */
    record Committed(int shard, String orderId) implements InventoryReply {
    }

    /**
     * The reservation (if any) is back on hand and the order is closed here.
     *
     * @param shard the shard
     * @param orderId the order
     */
    record Released(int shard, String orderId) implements InventoryReply {
    }

    /**
     * A Reserve for an order already released here: refused.
     *
     * @param shard the shard
     * @param orderId the order
     */
    record Closed(int shard, String orderId) implements InventoryReply {
    }
}
