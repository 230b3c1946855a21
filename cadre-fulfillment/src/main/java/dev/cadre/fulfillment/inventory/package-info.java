/**
 * Stock, sharded by SKU, each shard the single writer of its counters: idempotent reservations,
 * commits and releases, and each shard's report.
 */
package dev.cadre.fulfillment.inventory;
