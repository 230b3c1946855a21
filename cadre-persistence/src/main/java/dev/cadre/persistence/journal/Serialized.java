package dev.cadre.persistence.journal;

import java.util.Arrays;
import java.util.Objects;

/**
 * An event or a snapshot as the journal stores it: a stable type name, the version of that type's
 * schema it was written with, and the bytes.
 *
 * @param type the stable type name (never a Java class name), not blank
 * @param version the schema version it was written with, at least 1
 * @param bytes the serialized form (Cadre writes JSON)
 */
@SuppressWarnings("ArrayRecordComponent") // the payload, not copied; equals and hashCode below compare its bytes
public record Serialized(String type, int version, byte[] bytes) {

    /** Validates the fields. */
    public Serialized {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bytes, "bytes");
        if (type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version + " (type '" + type + "')");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Serialized s && s.type.equals(type) && s.version == version && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, version, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "Serialized[" + type + " v" + version + ", " + bytes.length + " bytes]";
    }
}
