/**
 * Customer notifications, through a bounded drop-oldest mailbox (each drop counted and published
 * as a dead letter).
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.fulfillment.notification;

import org.jspecify.annotations.NullMarked;
