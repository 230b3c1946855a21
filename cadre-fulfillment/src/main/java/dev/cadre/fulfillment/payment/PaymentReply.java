package dev.cadre.fulfillment.payment;

/** What a payment worker answers. */
public sealed interface PaymentReply {

    /**
     * Captured (now or before: the provider's idempotent replay).
     *
     * @param orderId the order
     * @param amountCents the amount charged
     */
    record Captured(String orderId, long amountCents) implements PaymentReply {
    }

    /**
     * The provider declined: the key was already closed by a refund.
     *
     * @param orderId the order
     */
    record Declined(String orderId) implements PaymentReply {
    }

    /**
     * Refunded (possibly nothing) and closed.
     *
     * @param orderId the order
     * @param amountCents the amount refunded
     */
    record Refunded(String orderId, long amountCents) implements PaymentReply {
    }
}
