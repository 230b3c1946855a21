/**
 * The order-fulfilment application: the run's wiring ({@link dev.cadre.fulfillment.Fulfilment}), its
 * configuration and its report.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment;

import org.jspecify.annotations.NullMarked;
