/**
 * The audit: the runtime's own records of a run (dead letters, crashes, restarts) and the
 * invariants checked against them and the services' reports at the end.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.invariants;

import org.jspecify.annotations.NullMarked;
