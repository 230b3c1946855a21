/**
 * The order-fulfilment application: the run's wiring ({@link dev.cadre.fulfillment.Fulfilment}), its
 * configuration and its report.
 */
package dev.cadre.fulfillment;
