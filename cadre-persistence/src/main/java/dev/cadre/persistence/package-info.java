/**
 * Durable actors: event-sourced behaviours ({@link dev.cadre.persistence.EventSourcedBehavior}),
 * their effects, and the journal they write to. Nothing here is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.cadre.persistence;

import org.jspecify.annotations.NullMarked;
