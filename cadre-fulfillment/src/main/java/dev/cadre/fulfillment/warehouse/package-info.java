/**
 * The warehouse pipeline, pick, pack and label, under a rest-for-one supervisor.
 */
package dev.cadre.fulfillment.warehouse;
