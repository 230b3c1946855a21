/**
 * One actor per order, a saga: reserve, capture, warehouse, ship, commit, notify, record; a
 * cancellation before the pivot refunds and releases what was done.
 */
package dev.cadre.fulfillment.order;
