/**
 * The ledger, the single writer of orders' terminal states: the first record stands, a repeat is
 * acknowledged again, a contradiction is kept as a conflict.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.ledger;

import org.jspecify.annotations.NullMarked;
