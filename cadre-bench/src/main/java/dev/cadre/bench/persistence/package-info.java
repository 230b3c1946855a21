/**
 * The persistence benchmark ({@code ./cadre bench --persistence}): event-sourced actors on SQLite
 * and on a real PostgreSQL, next to a raw JDBC batch insert of the same rows.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.bench.persistence;

import org.jspecify.annotations.NullMarked;
