/**
 * Teaching code, not the runtime: a tiny actor runtime built from scratch in plain Java, a few
 * dozen lines per step of the learning path (steps 2, 5, 6 and 7), so that what Cadre does is no
 * mystery. It is deliberately naive (one platform thread per actor, no supervision, no dead
 * letters) and nothing in Cadre uses it. Cadre's runtime is {@code cadre-core}.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.examples.learn.fromscratch;

import org.jspecify.annotations.NullMarked;
