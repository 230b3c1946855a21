/**
 * The ledger, the single writer of orders' terminal states: the first record stands, a repeat is
 * acknowledged again, a contradiction is kept as a conflict.
 */
package dev.cadre.fulfillment.ledger;
