package dev.cadre.fulfillment;

import java.util.List;
import java.util.Objects;

/**
 * One order as submitted: the documented JSON Lines shape
 * {@code {"id":"o-17","customer":"c-3","items":[{"sku":"SKU-0042","qty":2}],"amountCents":3998}}.
 * Immutable; validated by the parser or the generator before it reaches the graph.
 *
 * @param id the client's order id (the idempotency key of every step)
 * @param customer the customer id
 * @param items one or more lines
 * @param amountCents the total to capture, positive
 */
public record OrderRequest(String id, String customer, List<Line> items, long amountCents) {

    /**
     * One order line.
     *
     * @param sku the SKU's index in the {@link Catalogue} ({@code SKU-0042} is 42)
     * @param qty units, positive
     */
    public record Line(int sku, int qty) {
    }

    /** Copies the item list. */
    public OrderRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        items = List.copyOf(items);
    }
}
