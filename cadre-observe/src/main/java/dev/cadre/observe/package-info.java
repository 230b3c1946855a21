/**
 * Seeing a running actor system: the {@link dev.cadre.observe.Observer} samples it (the
 * supervision tree, mailboxes, throughput) and raises long-mailbox alerts.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.observe;

import org.jspecify.annotations.NullMarked;
