/**
 * The {@code ./cadre demo} command line: options, the live view of a run and its summary.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.cli;

import org.jspecify.annotations.NullMarked;
