/**
 * The warehouse pipeline, pick, pack and label, under a rest-for-one supervisor.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.warehouse;

import org.jspecify.annotations.NullMarked;
