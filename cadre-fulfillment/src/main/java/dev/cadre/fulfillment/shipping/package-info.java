/**
 * Shipping: a dock behind a bounded blocking mailbox (backpressure on the orders) and a carrier
 * link that takes parcels from it as lines of a manifest session.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.shipping;

import org.jspecify.annotations.NullMarked;
