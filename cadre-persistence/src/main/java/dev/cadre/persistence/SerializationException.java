package dev.cadre.persistence;

import org.jspecify.annotations.Nullable;

/**
 * An event or a state could not be serialized or deserialized: an unregistered class, an unknown
 * type name, a version newer than this build knows, bytes that are not valid JSON for the type.
 * The message names the type, the version and (when reading from a journal) the entity.
 */
public final class SerializationException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what failed and where
     * @param cause the underlying failure, or null
     */
    public SerializationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
