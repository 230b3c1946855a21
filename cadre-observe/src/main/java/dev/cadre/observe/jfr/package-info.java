/**
 * JDK Flight Recorder events of an actor system's life (failures, restarts, stops, dead letters,
 * mailbox overflows). Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.observe.jfr;

import org.jspecify.annotations.NullMarked;
