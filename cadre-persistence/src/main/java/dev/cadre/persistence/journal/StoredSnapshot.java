package dev.cadre.persistence.journal;

import java.util.Objects;

/**
 * An entity's state after the event {@code seqNr}.
 *
 * @param persistenceId the entity
 * @param seqNr the last event folded into this state
 * @param state the stored state
 */
public record StoredSnapshot(String persistenceId, long seqNr, Serialized state) {

    /** Validates the fields. */
    public StoredSnapshot {
        Objects.requireNonNull(persistenceId, "persistenceId");
        Objects.requireNonNull(state, "state");
        if (seqNr < 1) {
            throw new IllegalArgumentException("seqNr must be >= 1, was " + seqNr);
        }
    }
}
