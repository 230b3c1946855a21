package dev.cadre.cluster;

import java.util.Objects;
import java.util.UUID;

/**
 * One incarnation of a cluster member: a restarted process is a new node with a new id, so a
 * message or a watch meant for the old incarnation can never reach the new one by mistake.
 *
 * @param value the id, unique per incarnation (a UUID in text form for the Hazelcast provider)
 */
public record NodeId(String value) implements Comparable<NodeId> {

    /**
     * Validates the id.
     *
     * @param value not {@code null}, not blank, at most 64 characters, no whitespace
     */
    public NodeId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 64 || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a node id is 1-64 characters without whitespace, was '" + value + "'");
        }
    }

    /**
     * A fresh random id.
     *
     * @return a new id
     */
    public static NodeId random() {
        return new NodeId(UUID.randomUUID().toString());
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
