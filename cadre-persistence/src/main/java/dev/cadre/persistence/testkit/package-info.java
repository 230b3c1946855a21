/**
 * Test support for durable actors: a real PostgreSQL server from Maven-shipped binaries, and
 * stored event samples that prove old events still deserialize.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.persistence.testkit;

import org.jspecify.annotations.NullMarked;
