/**
 * The harness's HTML report ({@code ./cadre bench --report DIR}): a page with SVG charts, drawn
 * from the results CSV, with no JavaScript and nothing loaded from elsewhere.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.bench.report;

import org.jspecify.annotations.NullMarked;
