/**
 * The journal's service-provider interface ({@link dev.cadre.persistence.journal.Journal}) and
 * what it stores: events, snapshots, fences.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.persistence.journal;

import org.jspecify.annotations.NullMarked;
