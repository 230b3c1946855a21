/**
 * Payments: workers in front of a simulated provider with latency, failures and idempotency keys.
 */
package dev.cadre.fulfillment.payment;
