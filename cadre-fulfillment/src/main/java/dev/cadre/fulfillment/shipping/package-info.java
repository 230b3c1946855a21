/**
 * Shipping: a dock behind a bounded blocking mailbox (backpressure on the orders) and a carrier
 * link that takes parcels from it as lines of a manifest session.
 */
package dev.cadre.fulfillment.shipping;
