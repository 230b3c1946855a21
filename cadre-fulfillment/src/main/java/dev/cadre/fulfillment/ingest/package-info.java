/**
 * Order intake: reading orders (a JSON Lines file or a generator), parsing them, and feeding
 * sagas within a bounded window.
 */
package dev.cadre.fulfillment.ingest;
