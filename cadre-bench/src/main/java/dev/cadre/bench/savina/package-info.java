/**
 * Eight workloads of the Savina actor benchmark suite, written idiomatically on Cadre
 * ({@link dev.cadre.bench.savina.CadreSavina}) and on Pekko typed
 * ({@link dev.cadre.bench.savina.PekkoSavina}) with the same inputs, each checking its own result.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.bench.savina;

import org.jspecify.annotations.NullMarked;
