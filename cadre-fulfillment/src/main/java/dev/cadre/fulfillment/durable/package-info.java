/**
 * The events the durable run journals (Jackson-serialized; this package is open to Jackson).
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.durable;

import org.jspecify.annotations.NullMarked;
