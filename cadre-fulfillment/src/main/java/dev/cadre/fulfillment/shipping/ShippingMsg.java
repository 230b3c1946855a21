package dev.cadre.fulfillment.shipping;

import dev.cadre.actor.ActorRef;

/** What the shipping dock and the carrier link accept. */
public sealed interface ShippingMsg {

    /**
     * To the dock: ship an order's parcel.
     *
     * @param orderId the order
     * @param label its label
     * @param replyTo gets {@link Shipped}, or {@link Refused} if the parcel was lost with a broken session
     */
    record Ship(String orderId, String label, ActorRef<Reply> replyTo) implements ShippingMsg {
    }

    /**
     * Dock to carrier: a new manifest session starts (sent by each new dock incarnation).
     *
     * @param session the session's id
     */
    record SessionOpen(long session) implements ShippingMsg {
    }

    /**
     * Dock to carrier: line {@code line} of the session's manifest.
     *
     * @param session the session
     * @param line 1, 2, 3, ... without gaps
     * @param orderId the order
     * @param replyTo the order's reply-to
     */
    record Handover(long session, long line, String orderId, ActorRef<Reply> replyTo) implements ShippingMsg {
    }

    /** What shipping answers an order. */
    sealed interface Reply {
    }

    /**
     * The carrier has the parcel.
     *
     * @param orderId the order
     * @param tracking the tracking number
     */
    record Shipped(String orderId, String tracking) implements Reply {
    }

    /**
     * The parcel was handed over in a session that broke before the carrier took it (a restart):
     * hand it over again. Saves the order waiting for its timeout.
     *
     * @param orderId the order
     */
    record Refused(String orderId) implements Reply {
    }
}
