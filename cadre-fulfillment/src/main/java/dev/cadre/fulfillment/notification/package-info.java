/**
 * Customer notifications, through a bounded drop-oldest mailbox (each drop counted and published
 * as a dead letter).
 */
package dev.cadre.fulfillment.notification;
