/**
 * JMH micro-benchmarks of Cadre's hot paths (tell, ask, mailbox offers, spawn and stop, the
 * context's thread-confinement check); run them with {@code ./cadre bench --jmh}.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.bench.jmh;

import org.jspecify.annotations.NullMarked;
