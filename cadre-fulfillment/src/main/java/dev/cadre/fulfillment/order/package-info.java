/**
 * One actor per order, a saga: reserve, capture, warehouse, ship, commit, notify, record; a
 * cancellation before the pivot refunds and releases what was done.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.order;

import org.jspecify.annotations.NullMarked;
