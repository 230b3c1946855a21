/**
 * The head-to-head harness's application rows: the order-fulfilment graph of {@code ./cadre demo}
 * run in process ({@link dev.cadre.bench.app.FulfilmentBench}), at the demo's defaults and at a
 * million orders.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.bench.app;

import org.jspecify.annotations.NullMarked;
