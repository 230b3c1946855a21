package dev.cadre.persistence;

import java.util.Objects;

/**
 * The durable identity of an event-sourced entity: its kind and its id, stored as
 * {@code entityType|entityId}. One persistence id must have one writer at a time.
 *
 * @param entityType the kind of entity (e.g. {@code order}); no {@code |}
 * @param entityId the entity within its kind (e.g. {@code o-17})
 */
public record PersistenceId(String entityType, String entityId) {

    /** Validates the fields. */
    public PersistenceId {
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
        if (entityType.isEmpty() || entityType.contains("|")) {
            throw new IllegalArgumentException("entityType must be non-empty without '|', was '" + entityType + "'");
        }
        if (entityId.isEmpty()) {
            throw new IllegalArgumentException("entityId must not be empty (entity type '" + entityType + "')");
        }
    }

    /**
     * {@return the id}
     *
     * @param entityType the kind of entity
     * @param entityId the entity
     */
    public static PersistenceId of(String entityType, String entityId) {
        return new PersistenceId(entityType, entityId);
    }

    /** {@return {@code entityType|entityId}, the key in the journal} */
    public String id() {
        return entityType + "|" + entityId;
    }

    @Override
    public String toString() {
        return id();
    }
}
