package dev.cadre.persistence.journal;

import java.util.Objects;

/**
 * One event of one entity, as read back from a journal.
 *
 * @param persistenceId the entity
 * @param seqNr its sequence number within the entity, from 1, without gaps
 * @param event the stored event
 */
public record StoredEvent(String persistenceId, long seqNr, Serialized event) {

    /** Validates the fields. */
    public StoredEvent {
        Objects.requireNonNull(persistenceId, "persistenceId");
        Objects.requireNonNull(event, "event");
        if (seqNr < 1) {
            throw new IllegalArgumentException("seqNr must be >= 1, was " + seqNr);
        }
    }
}
