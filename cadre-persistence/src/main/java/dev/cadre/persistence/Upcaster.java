package dev.cadre.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON of one version of an event type into the JSON of the next version. Registered
 * with {@link EventSerialization.Builder#upcaster}; upcasters run in a chain, so an event written
 * as version 1 and read by a build at version 3 goes through the 1→2 and the 2→3 upcaster.
 */
@FunctionalInterface
public interface Upcaster {

    /**
     * {@return the event as version {@code n + 1} expects it}
     *
     * @param json the event as written at version {@code n} (may be modified and returned)
     */
    ObjectNode upcast(ObjectNode json);
}
