/**
 * Order intake: reading orders (a JSON Lines file or a generator), parsing them, and feeding
 * sagas within a bounded window.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.ingest;

import org.jspecify.annotations.NullMarked;
