/**
 * The remote benchmark ({@code ./cadre bench --remote}): two JVMs on loopback, Cadre's transport
 * (cadre-cluster) against Pekko Artery and a raw socket. Not exported: it is run, not used.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.bench.remote;

import org.jspecify.annotations.NullMarked;
