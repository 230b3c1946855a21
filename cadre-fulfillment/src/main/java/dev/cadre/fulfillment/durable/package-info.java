/**
 * The events the durable run journals (Jackson-serialized; this package is open to Jackson).
 */
package dev.cadre.fulfillment.durable;
