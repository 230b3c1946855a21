/**
 * Payments: workers in front of a simulated provider with latency, failures and idempotency keys.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.payment;

import org.jspecify.annotations.NullMarked;
