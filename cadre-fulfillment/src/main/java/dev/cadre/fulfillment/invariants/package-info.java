/**
 * The audit: the runtime's own records of a run (dead letters, crashes, restarts) and the
 * invariants checked against them and the services' reports at the end.
 */
package dev.cadre.fulfillment.invariants;
