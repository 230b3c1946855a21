package dev.cadre.persistence;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.persistence.jdbc.JdbcJournal;
import dev.cadre.persistence.journal.JournalException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistence contract on SQLite (a file per test), plus what only a file can get wrong. */
class SqliteJournalTest extends PersistenceContract {

    @TempDir
    Path dir;
    private int files;

    @Override
    String freshTarget() {
        return dir.resolve("journal-" + (++files) + ".db").toString();
    }

    @Override
    Connection rawConnection(String target) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + target);
    }

    @Override
    AutoCloseable blockWriters(String target) throws SQLException {
        Connection c = rawConnection(target);
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE"); // takes the write lock: the journal's writer waits (busy_timeout)
        }
        return () -> {
            try (Statement st = c.createStatement()) {
                st.execute("COMMIT");
            }
            c.close();
        };
    }

    @Test
    void aFileThatIsNotAnSqliteDatabaseIsRefusedNamingIt() throws Exception {
        Path f = dir.resolve("orders.jsonl");
        Files.writeString(f, "{\"id\":\"o-1\"}\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JdbcJournal.open(f.toString())).isInstanceOf(JournalException.class)
                .hasMessage(f.toAbsolutePath() + " is not a Cadre journal: it is not an SQLite database");
    }

    @Test
    void anSqliteDatabaseOfAnotherApplicationIsRefused() throws Exception {
        Path f = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)");
        }
        assertThatThrownBy(() -> JdbcJournal.open(f.toString())).isInstanceOf(JournalException.class)
                .hasMessageContaining("is not a Cadre journal: an SQLite database with other tables [customers]");
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path f = dir.resolve("no/such/dir/j.db");
        assertThatThrownBy(() -> JdbcJournal.open(f.toString())).isInstanceOf(JournalException.class)
                .hasMessageContaining("directory " + dir.resolve("no/such/dir") + " does not exist");
    }
}
