package dev.cadre.persistence.journal;

import java.util.Objects;

/**
 * An epoch fence: a key (say, a shard partition) and the epoch the writer holds for it. A journal
 * that supports fencing ({@link Journal#advanceFence}) commits an append carrying a fence only
 * while the fence's current epoch is still this one; once a newer writer has advanced it, the
 * older writer's appends fail with {@link JournalException.Fenced} and write nothing. So two
 * owners of one entity can never both write, whatever the membership believed.
 *
 * @param key the fenced resource, 1..200 characters
 * @param epoch the epoch the writer holds, at least 1
 */
public record Fence(String key, long epoch) {

    /**
     * Validates the fence.
     *
     * @param key not blank, at most 200 characters
     * @param epoch at least 1
     */
    public Fence {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("a fence key is 1..200 characters, was '" + key + "'");
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("a fence epoch is >= 1, was " + epoch + " for " + key);
        }
    }
}
