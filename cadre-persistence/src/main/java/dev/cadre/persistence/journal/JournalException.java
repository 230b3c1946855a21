package dev.cadre.persistence.journal;

/**
 * A journal could not do what it was asked. The message names the journal (its file or URL) and,
 * where there is one, the entity. Nothing of a failed write was acknowledged.
 */
public class JournalException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the journal and the entity
     * @param cause the underlying failure, or null
     */
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the journal and the entity
     */
    public JournalException(String message) {
        super(message);
    }

    /**
     * Two writers for one entity: the sequence number being appended was already written. The
     * write was not applied (no silent fork of the entity's history).
     */
    public static final class ConcurrentWrite extends JournalException {
        /**
         * Creates the exception.
         *
         * @param message names the journal, the entity and the sequence number
         * @param cause the database's constraint violation
         */
        public ConcurrentWrite(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The journal's bounded write queue stayed full for the whole enqueue timeout. */
    public static final class Overloaded extends JournalException {
        /**
         * Creates the exception.
         *
         * @param message names the journal and its capacity
         */
        public Overloaded(String message) {
            super(message);
        }
    }

    /** The journal was closed before the request could be carried out. */
    public static final class Closed extends JournalException {
        /**
         * Creates the exception.
         *
         * @param message names the journal
         */
        public Closed(String message) {
            super(message);
        }
    }

    /** An append under an epoch that a newer writer has fenced off: nothing of it was written. */
    public static final class Fenced extends JournalException {
        /**
         * Creates the exception.
         *
         * @param message names the entity, the fence and both epochs
         */
        public Fenced(String message) {
            super(message);
        }
    }
}
