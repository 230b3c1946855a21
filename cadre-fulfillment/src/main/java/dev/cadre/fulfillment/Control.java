package dev.cadre.fulfillment;

/**
 * Marks messages that are not part of the saga's traffic (report requests, progress queries,
 * self-sent timers): {@link Traffic} does not count them and the fault plan never crashes on them.
 */
public interface Control {
}
