/**
 * Micrometer metrics of an actor system, read from an {@link dev.cadre.observe.Observer}. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.observe.metrics;

import org.jspecify.annotations.NullMarked;
