/**
 * Stock, sharded by SKU, each shard the single writer of its counters: idempotent reservations,
 * commits and releases, and each shard's report.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.inventory;

import org.jspecify.annotations.NullMarked;
