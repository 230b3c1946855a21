/**
 * The JDBC journal: SQLite (embedded, the default) and PostgreSQL.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.persistence.jdbc;

import org.jspecify.annotations.NullMarked;
