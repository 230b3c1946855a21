package dev.cadre.persistence.jdbc;

import java.sql.SQLException;
import java.util.List;

/** What differs between SQLite and PostgreSQL: column types and how a duplicate key is reported. */
enum Dialect {
    SQLITE("INTEGER", "BLOB", " WITHOUT ROWID"),
    POSTGRES("BIGINT", "BYTEA", "");

    private final String bigint;
    private final String blob;
    private final String eventTableSuffix;

    Dialect(String bigint, String blob, String eventTableSuffix) {
        this.bigint = bigint;
        this.blob = blob;
        this.eventTableSuffix = eventTableSuffix;
    }

    /**
     * The versioned DDL: element {@code i} takes the schema from version {@code i} to {@code i + 1}.
     * Never edit a step once released; add one.
     */
    List<List<String>> migrations() {
        return List.of(
                // 1: events and snapshots
                List.of(
                "CREATE TABLE cadre_schema_version (version INTEGER NOT NULL)",
                "CREATE TABLE cadre_event (persistence_id TEXT NOT NULL, seq_nr " + bigint + " NOT NULL,"
                        + " event_type TEXT NOT NULL, event_version INTEGER NOT NULL, payload " + blob + " NOT NULL,"
                        + " written_at " + bigint + " NOT NULL,"
                        + " CONSTRAINT cadre_event_pk PRIMARY KEY (persistence_id, seq_nr))" + eventTableSuffix,
                "CREATE TABLE cadre_snapshot (persistence_id TEXT NOT NULL PRIMARY KEY, seq_nr " + bigint + " NOT NULL,"
                        + " state_type TEXT NOT NULL, state_version INTEGER NOT NULL, payload " + blob + " NOT NULL,"
                        + " written_at " + bigint + " NOT NULL)"),
                // 2: epoch fencing (cadre-cluster): each event's writer epoch, and the current epoch per key
                List.of(
                "ALTER TABLE cadre_event ADD COLUMN epoch " + bigint + " NOT NULL DEFAULT 0",
                "CREATE TABLE cadre_fence (fence_key TEXT NOT NULL PRIMARY KEY, epoch " + bigint + " NOT NULL)"));
    }

    /** The fence check inside an append's transaction: it also locks the row against a concurrent advance. */
    String readFence() {
        return "SELECT epoch FROM cadre_fence WHERE fence_key = ?" + (this == POSTGRES ? " FOR SHARE" : "");
    }

    /** Whether {@code e} (or one chained to it) says a primary key or unique constraint was violated. */
    boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException x = s; x != null; x = x.getNextException()) {
                    if ("23505".equals(x.getSQLState())) {
                        return true; // PostgreSQL unique_violation
                    }
                    String m = String.valueOf(x.getMessage());
                    if (this == SQLITE && (m.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || m.contains("UNIQUE constraint failed"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
