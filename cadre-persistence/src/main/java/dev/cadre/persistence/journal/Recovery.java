package dev.cadre.persistence.journal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a journal holds for one entity: its newest snapshot (if any), the events after it in
 * order, and the highest sequence number ever written (which survives event deletion).
 *
 * @param snapshot the newest snapshot
 * @param events the events after the snapshot, by increasing sequence number
 * @param highestSeqNr the highest sequence number written for the entity, 0 if none
 */
public record Recovery(Optional<StoredSnapshot> snapshot, List<StoredEvent> events, long highestSeqNr) {

    /** Validates and copies the fields. */
    public Recovery {
        Objects.requireNonNull(snapshot, "snapshot");
        events = List.copyOf(events);
        if (highestSeqNr < 0) {
            throw new IllegalArgumentException("highestSeqNr must be >= 0, was " + highestSeqNr);
        }
    }
}
