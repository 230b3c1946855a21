/**
 * The head-to-head harness ({@code ./cadre bench}, {@link dev.cadre.bench.versus.Runner}): the same
 * scenarios on Cadre, on Pekko typed and on a raw JDK queue, each contender in fresh JVMs under a
 * fixed protocol, aggregated into ratios with confidence intervals
 * ({@link dev.cadre.bench.versus.Report}).
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.bench.versus;

import org.jspecify.annotations.NullMarked;
