/**
 * The {@code ./cadre demo} command line: options, the live view of a run and its summary.
 */
package dev.cadre.fulfillment.cli;
