package dev.cadre.fulfillment.payment;

import dev.cadre.actor.ActorRef;

/** What a payment worker accepts. */
public sealed interface PaymentMsg {

    /**
     * Capture the order's total at the provider, keyed by the order id.
     *
     * @param orderId the order (the idempotency key)
     * @param amountCents the total
     * @param replyTo gets {@link PaymentReply.Captured} or {@link PaymentReply.Declined}
     */
    record Capture(String orderId, long amountCents, ActorRef<PaymentReply> replyTo) implements PaymentMsg {
    }

    /**
     * Refund whatever was captured for the order and close its key.
     *
     * @param orderId the order
     * @param replyTo gets {@link PaymentReply.Refunded}
     */
    record Refund(String orderId, ActorRef<PaymentReply> replyTo) implements PaymentMsg {
    }

    /**
     * The provider answered (a self-message, through pipeToSelf).
     *
     * @param request what was asked
     * @param response the answer
     */
    record ProviderAnswered(PaymentMsg request, PaymentProvider.Response response)
            implements PaymentMsg, dev.cadre.fulfillment.Control {
    }
}
